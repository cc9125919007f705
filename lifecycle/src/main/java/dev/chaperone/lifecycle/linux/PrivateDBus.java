package dev.chaperone.lifecycle.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A dbus-daemon of Chaperone's own, for the leaving benchmark and tests: never the machine's
 * system or session bus, so fake logind signals reach only Chaperone.
 */
public final class PrivateDBus implements AutoCloseable {
    private final String address;
    private final Process process;

    private PrivateDBus(String address, Process process) {
        this.address = address;
        this.process = process;
    }

    public static PrivateDBus start() throws IOException {
        // Not our stderr: a daemon left behind by a JVM that died would hold that pipe open, and a
        // test runner reading it (surefire) would then wait for the dead JVM forever.
        Process daemon = new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || line.isBlank()) {
            daemon.destroy();
            throw new IOException("dbus-daemon printed no address (is the dbus package installed?)");
        }
        return new PrivateDBus(line.trim(), daemon);
    }

    public String address() {
        return address;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
