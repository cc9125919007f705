package dev.chaperone.app.e2e;

import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.browser.engine.ChromiumChildren;
import dev.chaperone.browser.engine.EngineSandbox;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where containment really cannot be had (the real launcher runs inside a user namespace that may
 * make no other, so bubblewrap's trial fails as on a machine with user namespaces off): without
 * IT's word no session starts; with {@code browser.allowUncontained} in IT's file it starts, and the
 * session-start audit says the engine is not contained and why. IT's file is bound over
 * {@code /etc/chaperone} inside that namespace only.
 */
class UncontainedByItTest {
    @Test
    void withoutContainmentNoSessionStartsUnlessITAllowsItAndThenTheRecordSaysSo() throws Exception {
        Path root = Files.createTempDirectory("chaperone-uncontained");
        Path etc = Path.of("/etc/chaperone");
        boolean madeEtc = !Files.exists(etc);
        if (madeEtc) {
            // Only a mount point for the namespace below; removed again at the end.
            Files.createDirectories(etc);
        }
        try (PrivateBus bus = PrivateBus.start()) {
            Path refusedRun = root.resolve("refused");
            stop(run(refusedRun, "{}", bus, rows -> rows.stream().anyMatch(r -> r.type().equals("SESSION_REFUSED"))));
            AuditRow refused = first(refusedRun, "SESSION_REFUSED").orElseThrow();
            assertTrue(refused.field("reason").startsWith("The assistant's browser cannot be contained on this computer, so no "
                    + "session runs: bubblewrap cannot make a sandbox here ("), refused.field("reason"));
            assertTrue(refused.field("reason").contains("What IT can do: allow unprivileged user namespaces"), refused.field("reason"));
            assertTrue(first(refusedRun, "SESSION_STARTED").isEmpty());

            Path allowedRun = root.resolve("allowed");
            Process app = run(allowedRun, "{ \"browser\": { \"allowUncontained\": true } }", bus,
                    rows -> rows.stream().anyMatch(r -> r.type().equals("SESSION_STARTED")));
            try {
                AuditRow started = first(allowedRun, "SESSION_STARTED").orElseThrow();
                assertTrue(started.field("containment").startsWith("NOT contained (allowed by IT): IT's managed file allows an "
                        + "uncontained engine (browser.allowUncontained); missing: bubblewrap cannot make a sandbox here"),
                        started.field("containment"));
                // Truly uncontained, as IT allowed: JCEF's own switches, in the app's own mount namespace.
                ChromiumChildren children = ChromiumChildren.of(ChromiumChildren.javaUnder(app.toHandle()));
                assertTrue(!children.children().isEmpty() && children.children().stream().allMatch(c -> c.has("--no-sandbox")),
                        children.toString());
                assertTrue(Files.readString(allowedRun.resolve("app.log")).contains("The assistant's browser runs without a sandbox"));
            } finally {
                stop(app);
            }
        } finally {
            if (madeEtc) {
                Files.deleteIfExists(etc);
            }
            ProfileWiper.wipe(root);
        }
    }

    /** The real launcher in a namespace where bubblewrap can make no sandbox, IT's file as given; running until {@code until}. */
    private static Process run(Path dir, String itFile, PrivateBus bus,
                               java.util.function.Predicate<List<AuditRow>> until) throws Exception {
        Path it = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(it.resolve("chaperone.json"), itFile);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(EngineSandbox.BWRAP.toString(), "--unshare-user", "--disable-userns",
                "--dev-bind", "/", "/", "--bind", it.toString(), "/etc/chaperone",
                java, "-cp", System.getProperty("java.class.path"), "dev.chaperone.app.Main")
                .redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile());
        builder.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        builder.environment().put("XDG_CACHE_HOME", Path.of("target/test-cache").toAbsolutePath().toString());
        builder.environment().put("XDG_DOWNLOAD_DIR", dir.resolve("downloads").toString());
        builder.environment().put("DBUS_SYSTEM_BUS_ADDRESS", bus.address());
        Process app = builder.start();
        try {
            waitUntil("the app decided (see " + dir.resolve("app.log") + ")", () -> {
                if (!app.isAlive()) {
                    throw new AssertionError("the app stopped: " + Files.readString(dir.resolve("app.log")));
                }
                return until.test(rows(dir));
            });
        } catch (AssertionError | RuntimeException e) {
            stop(app);
            throw e;
        }
        return app;
    }

    private static void stop(Process app) throws InterruptedException {
        app.descendants().forEach(ProcessHandle::destroy);
        app.destroy();
        if (!app.waitFor(30, TimeUnit.SECONDS)) {
            app.descendants().forEach(ProcessHandle::destroyForcibly);
            app.destroyForcibly();
        }
    }

    private static Optional<AuditRow> first(Path dir, String type) {
        return rows(dir).stream().filter(r -> r.type().equals(type)).findFirst();
    }

    private static List<AuditRow> rows(Path dir) {
        Path file = dir.resolve("data/chaperone/audit.db");
        if (!Files.exists(file)) {
            return List.of();
        }
        try (AuditFile audit = AuditFile.open(file)) {
            return audit.rows();
        }
    }
}
