package dev.chaperone.app.testing;

import dev.chaperone.lifecycle.linux.PrivateDBus;

import java.io.IOException;
import java.util.Optional;

/**
 * A real D-Bus daemon for tests: the one .ci/run started (DBUS_SYSTEM_BUS_ADDRESS), or a private
 * one started here. Never the machine's own system bus.
 */
public final class PrivateBus implements AutoCloseable {
    private final String address;
    private final Optional<PrivateDBus> own;

    private PrivateBus(String address, Optional<PrivateDBus> own) {
        this.address = address;
        this.own = own;
    }

    public static PrivateBus start() throws IOException {
        String given = System.getenv("DBUS_SYSTEM_BUS_ADDRESS");
        if (given != null && !given.isBlank() && !given.contains("/run/dbus/system_bus_socket")) {
            return new PrivateBus(given, Optional.empty());
        }
        PrivateDBus daemon = PrivateDBus.start();
        return new PrivateBus(daemon.address(), Optional.of(daemon));
    }

    public String address() {
        return address;
    }

    @Override
    public void close() {
        own.ifPresent(PrivateDBus::close);
    }
}
