package dev.chaperone.app.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A real D-Bus daemon for tests: the one .ci/run started (DBUS_SYSTEM_BUS_ADDRESS), or a private
 * one started here. Never the machine's own system bus.
 */
public final class PrivateBus implements AutoCloseable {
    private final String address;
    private final Process process;

    private PrivateBus(String address, Process process) {
        this.address = address;
        this.process = process;
    }

    public static PrivateBus start() throws IOException {
        String given = System.getenv("DBUS_SYSTEM_BUS_ADDRESS");
        if (given != null && !given.isBlank() && !given.contains("/run/dbus/system_bus_socket")) {
            return new PrivateBus(given, null);
        }
        Process daemon = new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || line.isBlank()) {
            daemon.destroy();
            throw new IOException("dbus-daemon printed no address (is the dbus package installed?)");
        }
        return new PrivateBus(line.trim(), daemon);
    }

    public String address() {
        return address;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
        }
    }
}
