package dev.chaperone.lifecycle.linux;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/** The part of systemd-logind's session interface Chaperone listens to. */
@DBusInterfaceName("org.freedesktop.login1.Session")
public interface LoginSession extends DBusInterface {
    /** logind asks the session's screen locker to lock. */
    class Lock extends DBusSignal {
        public Lock(String path) throws DBusException {
            super(path);
        }
    }
}
