package dev.chaperone.lifecycle.linux;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/** The signals of systemd-logind's manager ({@code /org/freedesktop/login1}) Chaperone listens to. */
@DBusInterfaceName("org.freedesktop.login1.Manager")
public interface LoginManager extends DBusInterface {
    /** Sent with {@code true} just before the machine suspends or hibernates, {@code false} after it woke. */
    class PrepareForSleep extends DBusSignal {
        private final boolean start;

        public PrepareForSleep(String path, boolean start) throws DBusException {
            super(path, start);
            this.start = start;
        }

        public boolean start() {
            return start;
        }
    }

    /** A login session is gone: its user logged out (or it was terminated). */
    class SessionRemoved extends DBusSignal {
        private final String sessionId;
        private final DBusPath sessionPath;

        public SessionRemoved(String path, String sessionId, DBusPath sessionPath) throws DBusException {
            super(path, sessionId, sessionPath);
            this.sessionId = sessionId;
            this.sessionPath = sessionPath;
        }

        public String sessionId() {
            return sessionId;
        }

        public String sessionPath() {
            return sessionPath.getPath();
        }
    }
}
