package dev.chaperone.lifecycle.linux;

import dev.chaperone.core.session.EndReason;
import dev.chaperone.lifecycle.Leaving;
import dev.chaperone.lifecycle.SourceUnavailableException;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** logind's signals on a real, private dbus-daemon, sent in the shapes logind sends them. */
class LogindSourceTest {
    static final String OURS = "3";
    static final String OTHER = "7";

    PrivateDBus bus;
    LogindSignals logind;
    LogindSource source;
    final LinkedBlockingQueue<Leaving> left = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        bus = PrivateDBus.start();
        logind = LogindSignals.on(bus.address()).owning("org.freedesktop.login1");
        source = new LogindSource(Optional.of(bus.address()), Optional.of(OURS), Clock.systemUTC());
        source.start(left::add);
    }

    @AfterEach
    void stop() {
        source.close();
        logind.close();
        bus.close();
    }

    @Test
    void sessionIdsAreEscapedAsLogindDoes() {
        assertEquals("/org/freedesktop/login1/session/_33", LogindSource.sessionObjectPath("3"));
        assertEquals("/org/freedesktop/login1/session/c2", LogindSource.sessionObjectPath("c2"));
    }

    @ParameterizedTest
    @CsvSource({"LOCK, SCREEN_LOCKED", "LOCKED_HINT, SCREEN_LOCKED", "INACTIVE, USER_SWITCHED", "SLEEP, SUSPENDED",
            "SESSION_REMOVED, LOGGED_OUT"})
    void eachSignalOfOurSessionMeansLeaving(LogindSignals.Kind kind, EndReason expected) throws Exception {
        long sent = System.nanoTime();
        logind.send(kind, OURS);
        Leaving leaving = left.poll(5, TimeUnit.SECONDS);
        assertNotNull(leaving, kind + " was not reported");
        assertEquals(expected, leaving.reason());
        assertEquals("logind", leaving.source());
        System.out.println("MEASURED " + kind + " signal -> source: " + (leaving.seenAtNanos() - sent) / 1_000 + " µs");
    }

    @Test
    void otherSessionsUnlocksWakingAndOtherPropertiesAreNotLeaving() throws Exception {
        String ours = LogindSource.sessionObjectPath(OURS);
        logind.send(LogindSignals.Kind.LOCK, OTHER);
        logind.send(LogindSignals.Kind.LOCKED_HINT, OTHER);
        logind.send(LogindSignals.Kind.INACTIVE, OTHER);
        logind.send(LogindSignals.Kind.SESSION_REMOVED, OTHER);
        logind.send(LogindSignals.sessionProperty(ours, Map.of("LockedHint", new Variant<>(false))));
        logind.send(LogindSignals.sessionProperty(ours, Map.of("Active", new Variant<>(true))));
        logind.send(LogindSignals.sessionProperty(ours, Map.of("IdleHint", new Variant<>(true))));
        logind.send(new LoginManager.PrepareForSleep(LogindSignals.MANAGER_PATH, false));
        logind.send(new LoginManager.SessionRemoved(LogindSignals.MANAGER_PATH, OTHER,
                new DBusPath(LogindSource.sessionObjectPath(OTHER))));
        // A marker sent last: once it has arrived, everything before it has been handled.
        logind.send(LogindSignals.Kind.LOCK, OURS);
        Leaving marker = left.poll(5, TimeUnit.SECONDS);
        assertNotNull(marker);
        assertEquals("Lock on " + ours, marker.detail(), "a signal that is not our leaving was taken as one: " + marker);
        assertNull(left.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void theIdleHintIsAnIdleClock() throws Exception {
        assertEquals(Optional.empty(), source.idleTime(), "nothing known before logind says anything");
        logind.send(LogindSignals.Kind.IDLE_HINT, OURS);
        logind.send(LogindSignals.Kind.LOCK, OURS);
        assertNotNull(left.poll(5, TimeUnit.SECONDS));
        Duration idle = source.idleTime().orElseThrow();
        assertTrue(idle.compareTo(Duration.ofMinutes(9)) > 0, "idle since ten minutes ago, read " + idle);
        logind.send(LogindSignals.sessionProperty(LogindSource.sessionObjectPath(OURS), Map.of("IdleHint", new Variant<>(false))));
        logind.send(LogindSignals.Kind.LOCK, OURS);
        assertNotNull(left.poll(5, TimeUnit.SECONDS));
        assertEquals(Optional.of(Duration.ZERO), source.idleTime());
    }

    @Test
    void withoutABusTheSourceSaysSoInsteadOfPretending() {
        LogindSource nowhere = new LogindSource(Optional.of("unix:path=/nonexistent/bus"), Optional.empty(), Clock.systemUTC());
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class, () -> nowhere.start(l -> { }));
        assertTrue(e.getMessage().startsWith("no D-Bus system bus"), e.getMessage());
    }
}
