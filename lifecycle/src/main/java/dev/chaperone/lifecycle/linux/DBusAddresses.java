package dev.chaperone.lifecycle.linux;

import dev.chaperone.lifecycle.SourceUnavailableException;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the system and session buses are, as libdbus finds them, and connecting without a long wait. */
public final class DBusAddresses {
    private DBusAddresses() {
    }

    public static String system(Optional<String> given) {
        return given.or(() -> env("DBUS_SYSTEM_BUS_ADDRESS")).orElse("unix:path=/run/dbus/system_bus_socket");
    }

    /** The session bus, or empty when this desktop session has none. */
    public static Optional<String> session(Optional<String> given) {
        return given.or(() -> env("DBUS_SESSION_BUS_ADDRESS")).or(() -> env("XDG_RUNTIME_DIR")
                .map(dir -> Path.of(dir, "bus")).filter(Files::exists).map(bus -> "unix:path=" + bus));
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    /** The socket file of a {@code unix:path=} address, if it is one. */
    static Optional<Path> socketFile(String address) {
        for (String part : address.split("[,;]")) {
            int at = part.indexOf("path=");
            if (part.startsWith("unix:") && at >= 0) {
                return Optional.of(Path.of(part.substring(at + "path=".length())));
            }
        }
        return Optional.empty();
    }

    /** Closes a connection on the way out; there is nobody left to tell if that fails. */
    static void closeQuietly(DBusConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (java.io.IOException ignored) {
                // Closing on the way out.
            }
        }
    }

    /** Connects, or says why not; {@code what} names the bus for people ("system bus"). */
    static DBusConnection connect(String address, String what) throws SourceUnavailableException {
        // dbus-java retries a missing socket for about ten seconds; a missing file is known at once.
        Optional<Path> socket = socketFile(address);
        if (socket.isPresent() && !Files.exists(socket.get())) {
            throw new SourceUnavailableException("no D-Bus " + what + " at " + socket.get(), null);
        }
        try {
            return DBusConnectionBuilder.forAddress(address).build();
        } catch (DBusException | RuntimeException e) {
            throw new SourceUnavailableException("no D-Bus " + what + ": " + e.getMessage(), e);
        }
    }
}
