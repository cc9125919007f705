package dev.chaperone.browser.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher Chromium runs for each child, with a stand-in helper that reports what it sees
 * from inside: real bubblewrap, real namespaces, no Chromium.
 */
class ChildLauncherTest {
    @TempDir
    Path dir;

    record Run(int exit, String out) {
    }

    /** A helper that says what its world looks like: the home folder, the profile, the network. */
    private Path engineWithReportingHelper() throws Exception {
        Path engine = Files.createDirectories(dir.resolve("engine"));
        Path helper = engine.resolve("jcef_helper");
        Files.writeString(helper, """
                #!/bin/sh
                echo "args: $*"
                [ -e "$HOME_TO_FIND" ] && echo "home: seen" || echo "home: not there"
                [ -d "$PROFILE_TO_FIND" ] && echo "profile: seen" || echo "profile: not there"
                echo "interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ' ')"
                echo "pid: $$"
                """);
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return engine;
    }

    private Run launch(Path launcher, Path home, Path profile, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME_TO_FIND", home.toString());
        builder.environment().put("PROFILE_TO_FIND", profile.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void aRendererSeesNeitherTheHomeFolderNorTheProfileNorAnyNetworkAndIsInAPidNamespaceOfItsOwn() throws Exception {
        Path secret = Files.writeString(Path.of(System.getProperty("user.home")).resolve(".chaperone-launcher-" + dir.getFileName()), "x");
        try {
            Path profile = Files.createDirectories(dir.resolve("profile"));
            Path launcher = ChildLauncher.write(dir.resolve("launch"), engineWithReportingHelper(), profile,
                    new Availability(true, false, "", "", "test"));
            Run renderer = launch(launcher, secret, profile, "--type=renderer", "--no-sandbox");
            assertEquals(0, renderer.exit(), renderer.out());
            assertTrue(renderer.out().contains("args: --type=renderer --no-sandbox"), "the child gets its arguments as given");
            assertTrue(renderer.out().contains("home: not there"), renderer.out());
            assertTrue(renderer.out().contains("profile: not there"), renderer.out());
            assertTrue(renderer.out().contains("interfaces: lo"), "no network but its own loopback: " + renderer.out());
            assertTrue(renderer.out().contains("pid: 2\n"), "the second process of a PID namespace of its own: " + renderer.out());

            Run network = launch(launcher, secret, profile, "--type=utility", "--utility-sub-type=network.mojom.NetworkService");
            assertTrue(network.out().contains("home: not there"), network.out());
            assertTrue(network.out().contains("profile: seen"), "the network service keeps the session's profile: " + network.out());
            assertNotEquals("interfaces: lo ", network.out().lines().filter(l -> l.startsWith("interfaces:")).findFirst()
                    .orElseThrow(), "the network service is on the machine's network, to reach the egress proxy");
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void withoutBubblewrapTheChildDoesNotStartAtAll() throws Exception {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Path launcher = ChildLauncher.write(dir.resolve("launch"), engineWithReportingHelper(), profile,
                new Availability(true, true, "", "", ""), dir.resolve("no-such-bwrap"));
        Run run = launch(launcher, dir, profile, "--type=utility", "--utility-sub-type=network.mojom.NetworkService");
        assertNotEquals(0, run.exit(), run.out());
        assertFalse(run.out().contains("args:"), "the helper never ran: " + run.out());
    }

    @Test
    void theRenderersZygoteGoesToChromiumsOwnSandboxOnlyWithoutTheSwitchThatTurnsItOff() throws Exception {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Path launcher = ChildLauncher.write(dir.resolve("launch"), engineWithReportingHelper(), profile,
                new Availability(true, true, "", "", ""), dir.resolve("no-such-bwrap"));
        // Straight to the helper (Chromium's namespace sandbox holds it), so the missing bubblewrap does not matter.
        Run sandboxed = launch(launcher, dir, profile, "--type=zygote");
        assertEquals(0, sandboxed.exit(), sandboxed.out());
        // With --no-sandbox it must go through bubblewrap, which here is missing: it does not start.
        Run unsandboxed = launch(launcher, dir, profile, "--type=zygote", "--no-sandbox");
        assertNotEquals(0, unsandboxed.exit(), unsandboxed.out());
        assertFalse(unsandboxed.out().contains("args:"), unsandboxed.out());
    }
}
