package dev.chaperone.lifecycle.linux;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sends the signals logind and the screen savers send, in their real shapes, on a private bus:
 * the leaving benchmark and the tests stand in for the desktop with it.
 */
public final class LogindSignals implements AutoCloseable {
    public static final String MANAGER_PATH = "/org/freedesktop/login1";
    private final DBusConnection connection;

    private LogindSignals(DBusConnection connection) {
        this.connection = connection;
    }

    public static LogindSignals on(String busAddress) throws DBusException {
        return new LogindSignals(DBusConnectionBuilder.forAddress(busAddress).build());
    }

    /** Takes the well-known name of the service this stands in for ("org.freedesktop.login1"), as the real one holds it. */
    public LogindSignals owning(String busName) throws DBusException {
        connection.requestBusName(busName);
        return this;
    }

    /** Each way of leaving, as the signal that announces it; IDLE_HINT says idle since ten minutes ago. */
    public enum Kind { LOCK, LOCKED_HINT, INACTIVE, SLEEP, SESSION_REMOVED, IDLE_HINT, FREEDESKTOP_SCREEN_SAVER, GNOME_SCREEN_SAVER }

    /** Sends {@code kind} for the session {@code sessionId} (logind's id, e.g. "3"). */
    public void send(Kind kind, String sessionId) throws DBusException {
        String session = LogindSource.sessionObjectPath(sessionId);
        connection.sendMessage(switch (kind) {
            case LOCK -> new LoginSession.Lock(session);
            case LOCKED_HINT -> sessionProperty(session, Map.of("LockedHint", new Variant<>(true)));
            case INACTIVE -> sessionProperty(session, Map.of("Active", new Variant<>(false)));
            case SLEEP -> new LoginManager.PrepareForSleep(MANAGER_PATH, true);
            case SESSION_REMOVED -> new LoginManager.SessionRemoved(MANAGER_PATH, sessionId, new DBusPath(session));
            case IDLE_HINT -> sessionProperty(session, Map.of("IdleHint", new Variant<>(true), "IdleSinceHint",
                    new Variant<>(new UInt64(Instant.now().minusSeconds(600).toEpochMilli() * 1000))));
            case FREEDESKTOP_SCREEN_SAVER -> new ScreenSavers.Freedesktop.ActiveChanged("/org/freedesktop/ScreenSaver", true);
            case GNOME_SCREEN_SAVER -> new ScreenSavers.Gnome.ActiveChanged("/org/gnome/ScreenSaver", true);
        });
    }

    /** Sends any signal (tests of what must not count). */
    public void send(DBusSignal signal) {
        connection.sendMessage(signal);
    }

    public static Properties.PropertiesChanged sessionProperty(String sessionPath, Map<String, Variant<?>> changed)
            throws DBusException {
        return new Properties.PropertiesChanged(sessionPath, LogindSource.SESSION_INTERFACE, changed, List.of());
    }

    public DBusConnection connection() {
        return connection;
    }

    @Override
    public void close() {
        DBusAddresses.closeQuietly(connection);
    }
}
