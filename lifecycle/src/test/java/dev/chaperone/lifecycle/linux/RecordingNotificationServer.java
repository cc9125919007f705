package dev.chaperone.lifecycle.linux;

import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the desktop's notification server (GNOME Shell, dunst, ...) on a private session bus. */
public final class RecordingNotificationServer implements FreedesktopNotifications.Notifications {
    public final List<String> shown = new CopyOnWriteArrayList<>();

    @Override
    public UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body,
                         List<String> actions, Map<String, Variant<?>> hints, int expireTimeout) {
        shown.add(appName + " | " + summary + " | " + body + " | urgency " + hints.get("urgency").getValue());
        return new UInt32(shown.size());
    }

    @Override
    public String getObjectPath() {
        return FreedesktopNotifications.OBJECT_PATH;
    }

    /** Exports itself on {@code connection} under the notification service's well-known name. */
    public static RecordingNotificationServer on(org.freedesktop.dbus.connections.impl.DBusConnection connection)
            throws org.freedesktop.dbus.exceptions.DBusException {
        RecordingNotificationServer server = new RecordingNotificationServer();
        connection.exportObject(server);
        connection.requestBusName(FreedesktopNotifications.BUS_NAME);
        return server;
    }
}
