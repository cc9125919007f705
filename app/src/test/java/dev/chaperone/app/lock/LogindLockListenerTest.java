package dev.chaperone.app.lock;

import dev.chaperone.app.testing.PrivateBus;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logind listener on a real, private dbus-daemon, with signals sent the way logind sends them. */
class LogindLockListenerTest {
    static final String OURS = LogindLockListener.sessionObjectPath("3");
    static final String OTHER = LogindLockListener.sessionObjectPath("7");

    PrivateBus bus;
    DBusConnection logind;
    final LinkedBlockingQueue<Long> locked = new LinkedBlockingQueue<>();
    LogindLockListener listener;

    @BeforeEach
    void start() throws Exception {
        bus = PrivateBus.start();
        logind = DBusConnectionBuilder.forAddress(bus.address()).build();
        listener = new LogindLockListener(Optional.of(bus.address()), Optional.of("3"));
        listener.start(() -> locked.add(System.nanoTime()));
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        logind.close();
        bus.close();
    }

    @Test
    void sessionIdsAreEscapedAsLogindDoes() {
        assertEquals("/org/freedesktop/login1/session/_33", OURS);
        assertEquals("/org/freedesktop/login1/session/c2", LogindLockListener.sessionObjectPath("c2"));
    }

    @Test
    void lockedHintTrueOnOurSessionLocks() throws Exception {
        long sent = System.nanoTime();
        send(lockedHint(OURS, true));
        Long at = locked.poll(5, TimeUnit.SECONDS);
        assertNotNull(at, "no lock reported");
        System.out.println("MEASURED LockedHint signal -> handler: " + (at - sent) / 1_000 + " µs");
    }

    @Test
    void theLockRequestOnOurSessionLocks() throws Exception {
        send(new LoginSession.Lock(OURS));
        assertNotNull(locked.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void unlockOtherSessionsAndOtherPropertiesDoNotLock() throws Exception {
        send(lockedHint(OURS, false));
        send(lockedHint(OTHER, true));
        send(new LoginSession.Lock(OTHER));
        send(new Properties.PropertiesChanged(OURS, "org.freedesktop.login1.Session",
                Map.of("IdleHint", new Variant<>(true)), List.of()));
        // A marker sent last: once it has arrived, everything before it has been handled.
        send(lockedHint(OURS, true));
        assertNotNull(locked.poll(5, TimeUnit.SECONDS));
        assertNull(locked.poll(200, TimeUnit.MILLISECONDS), "a signal that is not our lock was taken as one");
    }

    @Test
    void withoutABusTheListenerSaysSoInsteadOfPretending() {
        LogindLockListener nowhere = new LogindLockListener(Optional.of("unix:path=/nonexistent/bus"), Optional.empty());
        ScreenLockUnavailableException e = assertThrows(ScreenLockUnavailableException.class, () -> nowhere.start(() -> { }));
        assertTrue(e.getMessage().startsWith("Screen lock cannot be detected"), e.getMessage());
    }

    private static Properties.PropertiesChanged lockedHint(String path, boolean value) throws Exception {
        return new Properties.PropertiesChanged(path, "org.freedesktop.login1.Session",
                Map.of("LockedHint", new Variant<>(value)), List.of());
    }

    private void send(DBusSignal signal) {
        logind.sendMessage(signal);
    }
}
