package dev.chaperone.lifecycle.linux;

import dev.chaperone.core.session.EndReason;
import dev.chaperone.lifecycle.Leaving;
import dev.chaperone.lifecycle.LeavingSource;
import dev.chaperone.lifecycle.SourceUnavailableException;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The desktop's screen saver on the session bus: {@code ActiveChanged(true)} from
 * {@code org.freedesktop.ScreenSaver} or {@code org.gnome.ScreenSaver}. Some lockers never tell
 * logind, but their desktop's screen saver service says it started.
 */
public final class ScreenSaverSource implements LeavingSource {
    private final Optional<String> busAddress;
    private DBusConnection connection;

    /** @param busAddress the session bus's address, or empty to find it as libdbus does */
    public ScreenSaverSource(Optional<String> busAddress) {
        this.busAddress = busAddress;
    }

    @Override
    public String name() {
        return "screen saver (session bus)";
    }

    @Override
    public boolean seesLocks() {
        return true;
    }

    @Override
    public void start(Consumer<Leaving> onLeaving) throws SourceUnavailableException {
        String address = DBusAddresses.session(busAddress)
                .orElseThrow(() -> new SourceUnavailableException("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)", null));
        connection = DBusAddresses.connect(address, "session bus");
        try {
            connection.addSigHandler(ScreenSavers.Freedesktop.ActiveChanged.class, signal -> {
                if (signal.active()) {
                    onLeaving.accept(Leaving.now(EndReason.SCREEN_SAVER, "org.freedesktop.ScreenSaver", "ActiveChanged(true)"));
                }
            });
            connection.addSigHandler(ScreenSavers.Gnome.ActiveChanged.class, signal -> {
                if (signal.active()) {
                    onLeaving.accept(Leaving.now(EndReason.SCREEN_SAVER, "org.gnome.ScreenSaver", "ActiveChanged(true)"));
                }
            });
        } catch (DBusException | RuntimeException e) {
            close();
            throw new SourceUnavailableException("the screen saver's signals cannot be received: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        DBusAddresses.closeQuietly(connection);
        connection = null;
    }
}
