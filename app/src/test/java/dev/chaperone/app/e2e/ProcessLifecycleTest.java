package dev.chaperone.app.e2e;

import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.browser.ProfileWiper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real launcher in a child process, killed the two ways a desktop app dies: a crash (SIGKILL:
 * nothing runs, so the next start must wipe what was left) and a logout (SIGTERM: the session
 * ends in order before the process exits).
 */
class ProcessLifecycleTest {
    Path root;
    PrivateBus bus;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("chaperone-process");
        bus = PrivateBus.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        bus.close();
        ProfileWiper.wipe(root);
    }

    @Test
    void aCrashedSessionIsWipedAtTheNextStartAndSigtermEndsTheSessionInOrder() throws Exception {
        Path sessions = root.resolve("data/chaperone/sessions");

        Process crashed = launch();
        String[] firstSession = new String[1];
        awaitAudit("the first session is browsing", rows -> {
            rows.stream().filter(ProcessLifecycleTest::isNavigation).findFirst().ifPresent(r -> firstSession[0] = r.session());
            return firstSession[0] != null;
        }, crashed);
        // Chromium's folder for this run, and the session's own folder (its token journal).
        List<Path> leftBehind = children(sessions);
        assertEquals(2, leftBehind.size(), leftBehind.toString());
        crashed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(leftBehind.stream().allMatch(Files::exists), "a crash leaves the profile on disk");

        Process second = launch();
        // The second process's own navigation (the first may have made more than one before it was killed).
        awaitAudit("the second session is browsing", rows -> rows.stream()
                .anyMatch(r -> isNavigation(r) && !firstSession[0].equals(r.session())), second);
        assertTrue(leftBehind.stream().noneMatch(Files::exists), "the crashed session's folders must be wiped at start");
        assertEquals(2, count(rows(), "LEFTOVERS_WIPED"));

        second.destroy(); // SIGTERM, as on logout
        assertTrue(second.waitFor(30, TimeUnit.SECONDS), "the app must exit on SIGTERM");
        List<AuditRow> all = rows();
        int ending = all.size() - 1;
        while (!all.get(ending).type().equals("SESSION_ENDING")) {
            ending--;
        }
        // Between the steps only gate rows may appear: requests the page still made, denied because the session was ending.
        List<AuditRow> teardown = all.subList(ending, all.size());
        assertTrue(teardown.stream().filter(r -> r.type().equals("ACTION_DECIDED"))
                .allMatch(r -> "The session has ended.".equals(r.field("decision.reason"))), teardown.toString());
        // Gate rows and what the store adds itself (counted denials, signed checkpoints) may come between.
        List<String> gateAndStore = List.of("ACTION_DECIDED", "DENIED_REQUESTS_AGGREGATED", "AUDIT_CHECKPOINTED");
        assertEquals(List.of("SESSION_ENDING", "OPEN_QUESTIONS_DENIED", "TOKEN_REVOKED", "BROWSER_CLOSED", "PROFILE_WIPED",
                        "SESSION_ENDED"),
                teardown.stream().map(AuditRow::type).filter(t -> !gateAndStore.contains(t)).toList());
        assertEquals(List.of(), children(sessions), "nothing of the session may stay on disk");
    }

    private Process launch() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.chaperone.app.Main").redirectErrorStream(true).redirectOutput(root.resolve("app.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("XDG_DATA_HOME", root.resolve("data").toString());
        // Reuse the Chromium unpacked by the other tests in target/.
        env.put("XDG_CACHE_HOME", Path.of("target/test-cache").toAbsolutePath().toString());
        env.put("XDG_DOWNLOAD_DIR", root.resolve("downloads").toString());
        env.put("DBUS_SYSTEM_BUS_ADDRESS", bus.address());
        return builder.start();
    }

    private List<AuditRow> rows() {
        Path file = root.resolve("data/chaperone/audit.db");
        if (!Files.exists(file)) {
            return List.of();
        }
        try (AuditFile audit = AuditFile.open(file)) {
            return audit.rows();
        }
    }

    private static boolean isNavigation(AuditRow r) {
        return r.type().equals("ACTION_DECIDED") && r.field("action.kind").equals("NAVIGATE")
                && r.field("decision.outcome").equals("ALLOW");
    }

    private static long count(List<AuditRow> rows, String type) {
        return rows.stream().filter(r -> r.type().equals(type)).count();
    }

    private void awaitAudit(String what, java.util.function.Predicate<List<AuditRow>> condition,
                            Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the app exited early: " + Files.readString(root.resolve("app.log")));
            }
            try {
                if (condition.test(rows())) {
                    return;
                }
            } catch (RuntimeException busy) {
                // The app may be writing; read again.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Timed out waiting until " + what + "; log: " + Files.readString(root.resolve("app.log")));
    }

    private static List<Path> children(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
