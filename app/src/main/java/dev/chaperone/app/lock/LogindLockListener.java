package dev.chaperone.app.lock;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

import java.io.IOException;
import java.util.Optional;

/**
 * Screen lock on Linux through systemd-logind on the system bus. {@code Lock} is logind's request
 * to the locker and {@code LockedHint=true} is the locker's report that the screen is locked;
 * either one counts.
 *
 * <p>When the desktop session is known ({@code XDG_SESSION_ID}) only its object path counts;
 * otherwise any session's lock does. A spoofed signal from another local process can only end
 * the assistant's session early, which is the safe direction.
 */
public final class LogindLockListener implements ScreenLockListener {
    static final String SESSION_INTERFACE = "org.freedesktop.login1.Session";

    private final Optional<String> busAddress;
    private final Optional<String> sessionPath;
    private DBusConnection connection;

    /**
     * @param busAddress a D-Bus address, or empty for the system bus
     * @param sessionId  logind's id of the desktop session, if known
     */
    public LogindLockListener(Optional<String> busAddress, Optional<String> sessionId) {
        this.busAddress = busAddress;
        this.sessionPath = sessionId.filter(id -> !id.isBlank()).map(LogindLockListener::sessionObjectPath);
    }

    public static LogindLockListener forThisDesktop(Optional<String> busAddress) {
        return new LogindLockListener(busAddress, Optional.ofNullable(System.getenv("XDG_SESSION_ID")));
    }

    /** logind's object path for a session id, escaped as sd-bus does (e.g. "2" becomes "_32"). */
    public static String sessionObjectPath(String sessionId) {
        StringBuilder path = new StringBuilder("/org/freedesktop/login1/session/");
        for (int i = 0; i < sessionId.length(); i++) {
            char c = sessionId.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (plain) {
                path.append(c);
            } else {
                path.append('_').append(String.format("%02x", (int) c));
            }
        }
        return path.toString();
    }

    /** The system bus when no address is given, as libdbus finds it. */
    static String effectiveAddress(Optional<String> busAddress) {
        return busAddress.or(() -> Optional.ofNullable(System.getenv("DBUS_SYSTEM_BUS_ADDRESS")))
                .orElse("unix:path=/run/dbus/system_bus_socket");
    }

    /** The socket file of a {@code unix:path=} address, if it is one. */
    static Optional<java.nio.file.Path> socketFile(String address) {
        for (String part : address.split("[,;]")) {
            int at = part.indexOf("path=");
            if (part.startsWith("unix:") && at >= 0) {
                return Optional.of(java.nio.file.Path.of(part.substring(at + "path=".length())));
            }
        }
        return Optional.empty();
    }

    @Override
    public void start(Runnable onLocked) throws ScreenLockUnavailableException {
        String address = effectiveAddress(busAddress);
        // dbus-java retries a missing socket for about ten seconds; a missing file is known at once.
        Optional<java.nio.file.Path> socket = socketFile(address);
        if (socket.isPresent() && !java.nio.file.Files.exists(socket.get())) {
            throw new ScreenLockUnavailableException("Screen lock cannot be detected (no D-Bus system bus at "
                    + socket.get() + ").", null);
        }
        try {
            connection = DBusConnectionBuilder.forAddress(address).build();
            connection.addSigHandler(Properties.PropertiesChanged.class, signal -> {
                if (SESSION_INTERFACE.equals(signal.getInterfaceName()) && ours(signal.getPath())
                        && isTrue(signal.getPropertiesChanged().get("LockedHint"))) {
                    onLocked.run();
                }
            });
            connection.addSigHandler(LoginSession.Lock.class, signal -> {
                if (ours(signal.getPath())) {
                    onLocked.run();
                }
            });
        } catch (DBusException | RuntimeException e) {
            close();
            throw new ScreenLockUnavailableException("Screen lock cannot be detected (no D-Bus system bus: "
                    + e.getMessage() + ").", e);
        }
    }

    private boolean ours(String path) {
        return sessionPath.map(path::equals).orElse(path != null && path.startsWith("/org/freedesktop/login1/session/"));
    }

    private static boolean isTrue(Variant<?> value) {
        return value != null && Boolean.TRUE.equals(value.getValue());
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // Closing on the way out; nothing left to tell anyone.
            }
            connection = null;
        }
    }
}
