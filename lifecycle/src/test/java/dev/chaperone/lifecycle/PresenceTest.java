package dev.chaperone.lifecycle;

import dev.chaperone.core.session.EndReason;
import dev.chaperone.lifecycle.linux.LogindSignals;
import dev.chaperone.lifecycle.linux.LogindSource;
import dev.chaperone.lifecycle.linux.PrivateDBus;
import dev.chaperone.lifecycle.linux.ScreenSaverSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facade: which sources work, the halved timeout without a lock source, and leaving through it. */
class PresenceTest {
    final LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    final Presence.Listener listener = new Presence.Listener() {
        @Override
        public void idleWarning(Duration left) {
            heard.add("warn");
        }

        @Override
        public void back() {
            heard.add("back");
        }

        @Override
        public void leaving(Leaving leaving) {
            heard.add(leaving.reason() + " from " + leaving.source());
        }
    };

    @Test
    void withLogindReachableLocksAreSeenAndTheTimeoutStands() throws Exception {
        try (PrivateDBus system = PrivateDBus.start(); LogindSignals logind = LogindSignals.on(system.address())) {
            LogindSource source = new LogindSource(Optional.of(system.address()), Optional.of("3"), Clock.systemUTC());
            Presence presence = Presence.of(List.of(source, new ScreenSaverSource(Optional.of("unix:path=/nonexistent/bus"))),
                    List.of(source), new Presence.Settings(Optional.empty(), Optional.empty(), Duration.ofSeconds(2),
                            Duration.ofMillis(100)));
            try (presence) {
                Presence.Status status = presence.start(listener);
                assertTrue(status.seesLocks());
                assertEquals(Duration.ofSeconds(2), status.idleTimeout());
                assertEquals(List.of("logind (system bus)"), status.watching());
                assertEquals(List.of("screen saver (session bus): no D-Bus session bus at /nonexistent/bus"), status.unavailable());
                presence.sessionStarted();
                assertEquals(Presence.Desk.UNKNOWN, presence.desk());
                logind.send(LogindSignals.Kind.SLEEP, "3");
                assertEquals("SUSPENDED from logind", heard.poll(5, TimeUnit.SECONDS));
                assertFalse(presence.desk().locked(), "sleep is not a lock");
                logind.send(LogindSignals.Kind.LOCK, "3");
                assertEquals("SCREEN_LOCKED from logind", heard.poll(5, TimeUnit.SECONDS));
                assertTrue(presence.desk().locked(), "the policy sees the lock");
                presence.sessionStarted();
                assertFalse(presence.desk().locked(), "a new session is not refused for the last one's lock");
                // logind's idle hint (idle since ten minutes ago) is read by the idle timer.
                logind.send(LogindSignals.Kind.IDLE_HINT, "3");
                // Idle counts from the session's start, so it ends once the timeout has passed since then.
                assertEquals(EndReason.IDLE_TIMEOUT + " from logind (system bus)", nextBesidesWarnings());
                assertTrue(presence.desk().idle().compareTo(Duration.ofSeconds(2)) >= 0, presence.desk().toString());
            }
        }
    }

    /** The next thing heard that is not an idle warning (those come every check once the end nears). */
    private String nextBesidesWarnings() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            String next = heard.poll(100, TimeUnit.MILLISECONDS);
            if (next != null && !next.equals("warn")) {
                return next;
            }
        }
        return null;
    }

    @Test
    void withNoLockSourceTheIdleTimeoutIsHalvedAndSaid() {
        Presence presence = Presence.of(List.of(new LogindSource(Optional.of("unix:path=/nonexistent/system"),
                        Optional.empty(), Clock.systemUTC())), List.of(),
                new Presence.Settings(Optional.empty(), Optional.empty(), Duration.ofMinutes(5), Duration.ofSeconds(1)));
        try (presence) {
            Presence.Status status = presence.start(listener);
            assertFalse(status.seesLocks());
            assertEquals(Duration.ofMinutes(2).plusSeconds(30), status.idleTimeout());
            assertTrue(status.watching().isEmpty(), status.watching().toString());
            assertEquals(1, status.unavailable().size());
        }
    }

    @Test
    void thisPlatformsSourcesAreLinuxOnes() {
        Presence.Status status;
        try (Presence presence = Presence.forThisPlatform(new Presence.Settings(Optional.of("unix:path=/nonexistent/system"),
                Optional.of("unix:path=/nonexistent/session"), Duration.ofMinutes(5), Duration.ofSeconds(1)))) {
            status = presence.start(listener);
        }
        assertNotNull(status);
        assertTrue(status.unavailable().stream().anyMatch(u -> u.startsWith("logind (system bus)")), status.toString());
        assertTrue(status.unavailable().stream().anyMatch(u -> u.startsWith("screen saver (session bus)")), status.toString());
        assertFalse(status.seesLocks());
    }
}
