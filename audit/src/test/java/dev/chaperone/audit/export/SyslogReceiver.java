package dev.chaperone.audit.export;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real TCP syslog receiver on loopback, as a SIEM collector would run one: it parses RFC 6587
 * octet-counted frames and keeps every message. Stopping it closes the listening socket and
 * every connection, like a collector being restarted.
 */
final class SyslogReceiver implements AutoCloseable {
    private static final Pattern SEQ = Pattern.compile("seq=\"(\\d+)\"");
    final List<String> messages = new CopyOnWriteArrayList<>();
    final Set<Long> seqs = ConcurrentHashMap.newKeySet();
    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private final Thread accept;

    SyslogReceiver(int port) throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        server.setReuseAddress(true);
        accept = new Thread(this::acceptLoop, "syslog-receiver");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread reader = new Thread(() -> read(s), "syslog-connection");
                reader.setDaemon(true);
                readers.add(reader);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (DataInputStream in = new DataInputStream(s.getInputStream())) {
            while (true) {
                int length = 0;
                for (int c = in.read(); c != ' '; c = in.read()) {
                    if (c < 0) {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] frame = new byte[length];
                in.readFully(frame);
                String message = new String(frame, StandardCharsets.UTF_8);
                messages.add(message);
                Matcher m = SEQ.matcher(message);
                if (m.find()) {
                    seqs.add(Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException closed) {
            // Stopped.
        }
    }

    /**
     * After {@link #close}: whether its threads have all stopped, so that {@link #messages} and
     * {@link #seqs} hold every frame it read and will change no more.
     */
    boolean stopped() {
        return server.isClosed() && !accept.isAlive() && readers.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
