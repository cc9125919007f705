package dev.chaperone.browser.engine;

import dev.chaperone.core.files.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the program Chromium runs for each child process ({@code browser_subprocess_path}):
 * {@code contained-child.sh} with this run's paths filled in, which starts each child inside
 * bubblewrap (or, for the renderers' zygote, in Chromium's own sandbox).
 */
public final class ChildLauncher {
    private ChildLauncher() {
    }

    /**
     * @param dir       a private folder of this run (the launcher is written there, mode 0700)
     * @param engineDir Chromium's folder (children see it read-only)
     * @param profile   the session's profile root (the network service and storage see it)
     * @param available what {@link EngineSandbox#check()} found
     * @return the launcher's path
     */
    public static Path write(Path dir, Path engineDir, Path profile, Availability available) throws IOException {
        return write(dir, engineDir, profile, available, EngineSandbox.BWRAP);
    }

    /** With another bubblewrap (a test's missing one). */
    static Path write(Path dir, Path engineDir, Path profile, Availability available, Path bwrap) throws IOException {
        if (!available.osSandbox()) {
            throw new IllegalStateException("no sandbox to launch children in: " + available.missing());
        }
        PrivateFiles.directory(dir);
        String script = template()
                .replace("@BWRAP@", quoted(bwrap.toString()))
                .replace("@ENGINE@", quoted(engineDir.toAbsolutePath().toString()))
                .replace("@HELPER@", quoted(engineDir.toAbsolutePath().resolve("jcef_helper").toString()))
                .replace("@PROFILE@", quoted(profile.toAbsolutePath().toString()))
                .replace("@CHROMIUM_SANDBOX@", available.chromiumSandbox() ? "1" : "0");
        Path launcher = dir.resolve("contained-child");
        Files.writeString(launcher, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        return launcher;
    }

    /** Single-quoted for bash, so no path can end the string or expand. */
    static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String template() {
        try (InputStream in = ChildLauncher.class.getResourceAsStream("contained-child.sh")) {
            if (in == null) {
                throw new IllegalStateException("contained-child.sh is missing from the app");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
