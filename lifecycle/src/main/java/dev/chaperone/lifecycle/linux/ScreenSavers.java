package dev.chaperone.lifecycle.linux;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The two screen saver interfaces desktops use on the session bus: the freedesktop one (KDE,
 * Xfce, Cinnamon, MATE, light-locker) and GNOME's own. Both send {@code ActiveChanged(b)}.
 */
public final class ScreenSavers {
    private ScreenSavers() {
    }

    @DBusInterfaceName("org.freedesktop.ScreenSaver")
    public interface Freedesktop extends DBusInterface {
        class ActiveChanged extends DBusSignal {
            private final boolean active;

            public ActiveChanged(String path, boolean active) throws DBusException {
                super(path, active);
                this.active = active;
            }

            public boolean active() {
                return active;
            }
        }
    }

    @DBusInterfaceName("org.gnome.ScreenSaver")
    public interface Gnome extends DBusInterface {
        class ActiveChanged extends DBusSignal {
            private final boolean active;

            public ActiveChanged(String path, boolean active) throws DBusException {
                super(path, active);
                this.active = active;
            }

            public boolean active() {
                return active;
            }
        }
    }
}
