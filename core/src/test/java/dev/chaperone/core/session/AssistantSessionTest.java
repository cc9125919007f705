package dev.chaperone.core.session;

import dev.chaperone.core.Fixtures;
import dev.chaperone.core.RecordingAuditLog;
import dev.chaperone.core.audit.AuditEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class AssistantSessionTest {
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private TeardownStep step(String name, AuditEvent done, boolean fails) {
        return new TeardownStep() {
            public String name() {
                return name;
            }

            public AuditEvent run() {
                ran.add(name);
                if (fails) {
                    throw new IllegalStateException(name + " failed");
                }
                return done;
            }
        };
    }

    @Test
    void stepsRunInOrderAndAFailureDoesNotStopTheRest() {
        AssistantSession session = new AssistantSession(audit.trail());
        session.onEnd(step("revoke", new AuditEvent.TokenRevoked("t", ""), true));
        session.onEnd(step("close", new AuditEvent.BrowserClosed(true), false));
        session.onEnd(step("wipe", new AuditEvent.ProfileWiped("d", 1, 1), false));
        TeardownReport report = session.end(EndReason.SCREEN_LOCKED);
        assertEquals(List.of("revoke", "close", "wipe"), ran);
        assertFalse(report.allSucceeded());
        assertFalse(session.isActive());
        assertEquals(List.of("SESSION_ENDING", "TEARDOWN_STEP_FAILED", "BROWSER_CLOSED", "PROFILE_WIPED", "SESSION_ENDED"),
                audit.types());
        assertEquals(List.of(audit.entries.get(4)), audit.durable, "the end of the session is durable");
    }

    @Test
    void concurrentTriggersEndItOnce() throws Exception {
        AssistantSession session = new AssistantSession(audit.trail());
        session.onEnd(step("wipe", new AuditEvent.ProfileWiped("d", 1, 1), false));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<TeardownReport>> reports = pool.invokeAll(List.of(
                () -> session.end(EndReason.SCREEN_LOCKED), () -> session.end(EndReason.APP_QUIT),
                () -> session.end(EndReason.IDLE_TIMEOUT), () -> session.end(EndReason.USER_ENDED)));
        pool.shutdown();
        TeardownReport first = reports.get(0).get();
        for (Future<TeardownReport> r : reports) {
            assertSame(first, r.get());
        }
        assertEquals(List.of("wipe"), ran);
    }

    @Test
    void endingStillWorksWhenTheAuditLogIsBroken() {
        AssistantSession session = new AssistantSession(audit.trail());
        session.onEnd(step("wipe", new AuditEvent.ProfileWiped("d", 1, 1), false));
        audit.broken = true;
        session.end(EndReason.APP_QUIT);
        assertEquals(List.of("wipe"), ran);
        assertFalse(session.isActive());
    }
}
