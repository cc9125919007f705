package dev.chaperone.lifecycle.linux;

import dev.chaperone.lifecycle.DesktopNotifier;
import dev.chaperone.lifecycle.SourceUnavailableException;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Desktop notifications through {@code org.freedesktop.Notifications} on the session bus (every Linux desktop). */
public final class FreedesktopNotifications implements DesktopNotifier {
    static final String BUS_NAME = "org.freedesktop.Notifications";
    static final String OBJECT_PATH = "/org/freedesktop/Notifications";

    /** The notification server's method Chaperone calls (Desktop Notifications Specification 1.2). */
    @DBusInterfaceName("org.freedesktop.Notifications")
    public interface Notifications extends DBusInterface {
        UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body,
                      List<String> actions, Map<String, Variant<?>> hints, int expireTimeout);
    }

    private final DBusConnection connection;

    private FreedesktopNotifications(DBusConnection connection) {
        this.connection = connection;
    }

    /** Connects to the session bus; the notification server itself is only looked up when used. */
    public static FreedesktopNotifications connect(Optional<String> sessionBus) throws SourceUnavailableException {
        String address = DBusAddresses.session(sessionBus)
                .orElseThrow(() -> new SourceUnavailableException("no D-Bus session bus for notifications", null));
        return new FreedesktopNotifications(DBusAddresses.connect(address, "session bus"));
    }

    @Override
    public boolean notify(String title, String body) {
        try {
            Notifications server = connection.getRemoteObject(BUS_NAME, OBJECT_PATH, Notifications.class);
            // Critical urgency: the desktop keeps it until the person has seen it.
            server.Notify("Chaperone", new UInt32(0), "dialog-information", title, body, List.of(),
                    Map.of("urgency", new Variant<>((byte) 2)), -1);
            return true;
        } catch (Exception e) {
            // No notification server (a bare X session) is normal; the window still says it.
            return false;
        }
    }

    @Override
    public void close() {
        DBusAddresses.closeQuietly(connection);
    }
}
