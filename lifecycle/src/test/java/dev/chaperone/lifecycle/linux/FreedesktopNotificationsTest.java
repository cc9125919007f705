package dev.chaperone.lifecycle.linux;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A desktop notification reaches a notification server on a real, private session bus. */
class FreedesktopNotificationsTest {
    @Test
    void theNotificationReachesTheDesktopsServer() throws Exception {
        try (PrivateDBus bus = PrivateDBus.start();
             DBusConnection desktop = DBusConnectionBuilder.forAddress(bus.address()).build();
             FreedesktopNotifications notifications = FreedesktopNotifications.connect(Optional.of(bus.address()))) {
            RecordingNotificationServer server = RecordingNotificationServer.on(desktop);
            assertTrue(notifications.notify("The assistant's session ended", "Your screen was locked."));
            assertEquals(List.of("Chaperone | The assistant's session ended | Your screen was locked. | urgency 2"), server.shown);
        }
    }

    @Test
    void withoutANotificationServerItSaysItCouldNot() throws Exception {
        try (PrivateDBus bus = PrivateDBus.start();
             FreedesktopNotifications notifications = FreedesktopNotifications.connect(Optional.of(bus.address()))) {
            assertFalse(notifications.notify("title", "body"));
        }
    }
}
