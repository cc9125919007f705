package dev.chaperone.app.e2e;

import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.browser.engine.ChromiumChildren;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real app, started by an ordinary user as an employee starts it, with the demo portal open;
 * its process tree read from outside: every Chromium child contained (Chromium's own sandbox for
 * the renderers, bubblewrap for the rest), none seeing the person's files, the assistant's key or
 * the audit, and the page drawn in the window all the same. Run as root (CI), the app runs as a user made for the test ({@value #USER}); run as an
 * ordinary user, as that user.
 */
class ContainedEngineAsUserTest {
    static final String USER = "chaperone-engine-test";
    Path root;
    Process app;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("chaperone-as-user");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.descendants().forEach(ProcessHandle::destroyForcibly);
                app.destroyForcibly();
            }
        }
        // The app's own log stays for whoever reads a failure.
        if (Files.exists(root.resolve("app.log"))) {
            Files.copy(root.resolve("app.log"), Path.of("target/ContainedEngineAsUserTest-app.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ProfileWiper.wipe(root);
    }

    @Test
    void everyChromiumChildOfTheAppIsContainedAndSeesNoneOfThePersonsFiles() throws Exception {
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path home = asRoot ? userWithHome() : Path.of(System.getProperty("user.home"));
        Path secret = home.resolve(".ssh-chaperone-test/id_ed25519");
        Files.createDirectories(secret.getParent());
        Files.writeString(secret, "the person's key");
        Path data = Files.createDirectories(root.resolve("data"));
        Path cache = Files.createDirectories(root.resolve("cache"));
        Path downloads = Files.createDirectories(root.resolve("downloads"));
        Path classPath = readableClassPath();
        if (asRoot) {
            chown(home.resolve(".ssh-chaperone-test"), data, cache, downloads);
        }

        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        command.addAll(List.of("env", "HOME=" + home, "XDG_DATA_HOME=" + data, "XDG_CACHE_HOME=" + cache,
                "XDG_DOWNLOAD_DIR=" + downloads, "DISPLAY=" + System.getenv("DISPLAY"),
                // No bus this user may use: the app says so and halves the idle timeout, as designed.
                "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent",
                java, "-cp", classPath + "/*:" + classPath + "/classes", "dev.chaperone.app.Main"));
        app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(root.resolve("app.log").toFile()).start();
        Path audit = data.resolve("chaperone/audit.db");
        waitUntil("the session started (see " + root.resolve("app.log") + ")", () -> {
            if (!app.isAlive()) {
                throw new AssertionError("the app stopped: " + Files.readString(root.resolve("app.log")));
            }
            return sessionStarted(audit).isPresent();
        });
        long appPid = ChromiumChildren.javaUnder(app.toHandle());
        try {
            waitUntil("a renderer runs", () -> ChromiumChildren.of(appPid).children().stream().anyMatch(c -> c.has("--type=renderer")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the app's (" + appPid + ") Chromium children: "
                    + ChromiumChildren.of(appPid).children().stream().map(ChromiumChildren.Child::describe).toList(), e);
        }
        ChromiumChildren children = ChromiumChildren.of(appPid);
        // And the sandboxed renderer did its work: the window shows the session's banner over a drawn
        // page (the check CI runs on the installed package).
        Process window = new ProcessBuilder(java, Path.of("../installers/linux/WindowCheck.java").toAbsolutePath().toString(), "60",
                Path.of("target/ContainedEngineAsUserTest-window.png").toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String seen = new String(window.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, window.waitFor(), seen);

        AuditRow started = sessionStarted(audit).orElseThrow();
        assertTrue(started.field("containment").startsWith("contained (bubblewrap, chromium-sandbox): "), started.field("containment"));
        assertTrue(started.field("engine").startsWith("Chromium "), started.field("engine"));
        List<Path> secrets = List.of(secret, data.resolve("chaperone/keys/assistant.jwk"), audit,
                data.resolve("chaperone/audit-signing.jwk"));
        assertTrue(secrets.stream().allMatch(Files::exists), "the app's own files are there to be found");
        assertTrue(children.children().stream().anyMatch(ChromiumChildren.Child::isNetworkService), children.toString());
        assertEquals(List.of(), children.containmentProblems(secrets, true), children.toString());
        assertTrue(children.children().stream().noneMatch(c -> c.has("--no-sandbox")), "Chromium's own sandbox is on: "
                + children);
    }

    private static Optional<AuditRow> sessionStarted(Path audit) {
        if (!Files.exists(audit)) {
            return Optional.empty();
        }
        try (AuditFile file = AuditFile.open(audit)) {
            return file.rows().stream().filter(r -> r.type().equals("SESSION_STARTED")).findFirst();
        }
    }

    /** An ordinary user of this machine with a home folder, made once. */
    private static Path userWithHome() throws Exception {
        Process id = new ProcessBuilder("id", "-u", USER).redirectErrorStream(true).start();
        if (id.waitFor() != 0) {
            Process add = new ProcessBuilder("useradd", "--create-home", "--shell", "/bin/bash", USER).inheritIO().start();
            assertEquals(0, add.waitFor(), "useradd " + USER);
        }
        return Path.of("/home", USER);
    }

    /** This test's class path copied where another user may read it (root's Maven folder is not). */
    private Path readableClassPath() throws IOException {
        Path dir = Files.createDirectories(root.resolve("cp"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (Files.isDirectory(from)) {
                copyTree(from, classes);
            } else if (Files.isRegularFile(from)) {
                Files.copy(from, dir.resolve(from.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void chown(Path... dirs) throws IOException {
        UserPrincipal user = root().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        for (Path dir : dirs) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.toList()) {
                    Files.setOwner(p, user);
                }
            }
        }
    }

    private static Path root() {
        return Path.of("/");
    }
}
