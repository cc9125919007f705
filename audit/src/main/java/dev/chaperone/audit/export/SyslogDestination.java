package dev.chaperone.audit.export;

import dev.chaperone.core.audit.RecordedEntry;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * RFC 5424 messages over TCP with octet-counting framing (RFC 6587; the same framing RFC 5425
 * uses over TLS). Each message carries the row's sequence number and session in structured data,
 * so a SIEM can drop the duplicates that at-least-once delivery may send after a reconnect.
 */
public final class SyslogDestination implements Destination {
    // local0.info: facility 16, severity 6.
    private static final int PRI = 16 * 8 + 6;
    private static final long CONFIRM_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final String host;
    private final int port;
    private final Optional<SSLSocketFactory> tls;
    private final String hostname;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    /** @param tls empty for plain TCP; for TLS (RFC 5425), the factory holding the trusted CAs */
    public SyslogDestination(String host, int port, Optional<SSLSocketFactory> tls) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.hostname = localHostName();
    }

    @Override
    public String name() {
        return "syslog-" + host + "-" + port;
    }

    @Override
    public void send(List<RecordedEntry> batch, List<String> lines) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            StringBuilder frames = new StringBuilder();
            for (int i = 0; i < batch.size(); i++) {
                String message = message(batch.get(i), lines.get(i));
                frames.append(message.getBytes(StandardCharsets.UTF_8).length).append(' ').append(message);
            }
            out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), 5_000);
            plain.setSoTimeout(10_000);
            if (tls.isPresent()) {
                SSLSocket secured = (SSLSocket) tls.get().createSocket(plain, host, port, true);
                SSLParameters parameters = secured.getSSLParameters();
                // Check that the certificate names the host we meant, not only that a trusted CA signed it.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secured.setSSLParameters(parameters);
                secured.startHandshake();
                socket = secured;
            } else {
                socket = plain;
            }
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            plain.close();
            socket = null;
            throw e;
        }
    }

    @Override
    public boolean confirms(long sentAtNanos) throws IOException {
        if (System.nanoTime() - sentAtNanos < CONFIRM_AFTER_NANOS) {
            return false;
        }
        if (socket == null) {
            throw new IOException("the connection to " + host + ":" + port + " was lost");
        }
        try {
            // A syslog receiver never writes: end of stream or a reset means it went away.
            socket.setSoTimeout(1);
            if (in.read() < 0) {
                close();
                throw new IOException(host + ":" + port + " closed the connection");
            }
            return true;
        } catch (SocketTimeoutException stillThere) {
            socket.setSoTimeout(10_000);
            return true;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private String message(RecordedEntry recorded, String line) {
        String session = recorded.entry().who().map(w -> w.session()).orElse("workstation");
        return "<" + PRI + ">1 " + DateTimeFormatter.ISO_INSTANT.format(recorded.entry().at()) + " " + hostname
                + " chaperone " + ProcessHandle.current().pid() + " " + recorded.entry().event().type()
                + " [chaperone@32473 seq=\"" + recorded.seq() + "\" session=\"" + session + "\"] " + line;
    }

    private static String localHostName() {
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            return name.isBlank() ? "-" : name.replace(' ', '-');
        } catch (IOException e) {
            return "-";
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Reconnecting is what matters.
            }
        }
        socket = null;
    }
}
