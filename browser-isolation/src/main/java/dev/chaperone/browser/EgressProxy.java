package dev.chaperone.browser;

import dev.chaperone.core.concurrent.DaemonThreads;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The backstop of the egress guard: a loopback HTTP proxy that Chromium sends every connection
 * through. Chromium's request hooks and the DevTools protocol miss some traffic (WebSocket
 * handshakes, a service worker's fetches, requests a worker answers), but nothing the network
 * stack sends can avoid the proxy. Each connection (a CONNECT tunnel for https and wss, or one
 * plain http request) is asked of the gate as a {@link dev.chaperone.core.gate.ActionKind#CONNECT}:
 * where the task does not reach, it is refused with 403 and the denial is audited like a refused
 * request (aggregated per site and minute).
 *
 * <p>One proxy serves the whole Chromium (a proxy is a start-up switch: this JCEF cannot set the
 * per-context proxy preference, a dictionary). It tells the assistants' browsers apart by proxy
 * credentials: it challenges every connection (407), and each browser answers with the random
 * {@link Pass} it was admitted with, so each connection is decided by that browser's own gate. A
 * connection without a live pass (a closed session's, or one no browser answers for) never leaves.
 *
 * <p>It decides only where the browser may connect. What a request carries is decided by the gate
 * in the browser's request hooks, which see method, address and body.
 */
final class EgressProxy implements AutoCloseable {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String USER = "chaperone";

    private final ServerSocket server;
    private final Map<String, Admission> admitted = new ConcurrentHashMap<>();
    private final ExecutorService connections = Executors.newCachedThreadPool(DaemonThreads.named("chaperone-egress"));
    private volatile boolean closed;

    /** A connection the guard refused, for the page log and the window. */
    record Refusal(AssistantAction action, Decision decision) {}

    private record Admission(ActionGate gate, Consumer<Refusal> refused) {}

    /**
     * What one browser answers the proxy's challenge with; closing it (when the session ends)
     * refuses every later connection that presents it.
     */
    final class Pass implements AutoCloseable {
        private final String password;

        private Pass(String password) {
            this.password = password;
        }

        String user() {
            return USER;
        }

        String password() {
            return password;
        }

        /** Whether a proxy challenge from {@code host:port} is this proxy's (and not a site's proxy). */
        boolean isFor(String host, int port) {
            return port == server.getLocalPort() && (host.equals("127.0.0.1") || host.equals("localhost"));
        }

        @Override
        public void close() {
            admitted.remove(password);
        }
    }

    private EgressProxy(ServerSocket server) {
        this.server = server;
    }

    static EgressProxy start() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        EgressProxy proxy = new EgressProxy(server);
        Thread acceptor = DaemonThreads.named("chaperone-egress-accept").newThread(proxy::acceptLoop);
        acceptor.start();
        return proxy;
    }

    /** Chromium's start-up switches that send all its traffic here, loopback included. */
    List<String> chromiumSwitches() {
        // Chromium never proxies loopback unless told: "<-loopback>" removes that exception, as a
        // task's site can be local too.
        return List.of("--proxy-server=http://127.0.0.1:" + server.getLocalPort(), "--proxy-bypass-list=<-loopback>");
    }

    /** Lets one browser's connections out, each decided by its gate, until the pass is closed. */
    Pass admit(ActionGate gate, Consumer<Refusal> refused) {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        admitted.put(password, new Admission(gate, refused));
        return new Pass(password);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    // A failed accept is the listener's problem, not a connection's: keep listening.
                    continue;
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] line = head.get(0).split(" ");
            if (line.length != 3) {
                answer(out, 400, "Bad Request", "Chaperone could not read this request.");
                return;
            }
            String method = line[0].toUpperCase(Locale.ROOT);
            Target target = method.equals("CONNECT") ? Target.ofAuthority(line[1]) : Target.ofAbsolute(line[1]);
            if (target == null) {
                answer(out, 400, "Bad Request", "Chaperone could not read this request.");
                return;
            }
            Admission admission = admissionOf(head);
            if (admission == null) {
                challenge(out);
                return;
            }
            AssistantAction action = AssistantAction.connect(method, target.host(), target.port());
            Decision decision = admission.gate().decideNow(action);
            if (!decision.isAllowed()) {
                admission.refused().accept(new Refusal(action, decision));
                answer(out, 403, "Forbidden", "Chaperone: this connection is not part of the assistant's task.");
                return;
            }
            try (Socket upstream = new Socket()) {
                upstream.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MS);
                if (method.equals("CONNECT")) {
                    out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else {
                    upstream.getOutputStream().write(originForm(head, method, target).getBytes(StandardCharsets.ISO_8859_1));
                }
                relay(client, upstream);
            } catch (IOException e) {
                answer(out, 502, "Bad Gateway", "Chaperone could not reach " + target.host() + ":" + target.port()
                        + " (" + e.getMessage() + ").");
            }
        } catch (IOException e) {
            // The browser or the site hung up: nothing to report, the page sees a failed load.
        }
    }

    /**
     * The request as the site expects it: path only, the proxy's own headers dropped, and one
     * request per connection (a kept-alive proxy connection could carry the next request to
     * another site, past this check).
     */
    private static String originForm(List<String> head, String method, Target target) {
        StringBuilder request = new StringBuilder(method).append(' ').append(target.pathAndQuery()).append(" HTTP/1.1\r\n");
        for (String header : head.subList(1, head.size())) {
            String name = header.substring(0, Math.max(0, header.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
            if (!name.equals("proxy-connection") && !name.equals("connection") && !name.equals("keep-alive")
                    && !name.equals("proxy-authorization")) {
                request.append(header).append("\r\n");
            }
        }
        return request.append("Connection: close\r\n\r\n").toString();
    }

    private void relay(Socket client, Socket upstream) throws IOException {
        var toSite = connections.submit(() -> {
            try {
                client.getInputStream().transferTo(upstream.getOutputStream());
                upstream.shutdownOutput();
            } catch (IOException e) {
                // Either side closed: the other direction ends on its own.
            }
            return null;
        });
        try {
            upstream.getInputStream().transferTo(client.getOutputStream());
        } finally {
            toSite.cancel(true);
        }
    }

    private Admission admissionOf(List<String> head) {
        for (String header : head.subList(1, head.size())) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Proxy-Authorization")) {
                String value = header.substring(colon + 1).trim();
                if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
                    return null;
                }
                try {
                    String decoded = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
                    return decoded.startsWith(USER + ":") ? admitted.get(decoded.substring(USER.length() + 1)) : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void challenge(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"chaperone\"\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        int total = 0;
        int b;
        while ((b = in.read()) != -1) {
            if (++total > MAX_HEAD) {
                return List.of();
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    /** An answer the page shows: only a refusal says the connection is outside the task; a failure says what failed. */
    private static void answer(OutputStream out, int status, String reason, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing a listening socket cannot fail in a way that matters here.
        }
        connections.shutdownNow();
    }

    /** Where a proxied request goes. */
    private record Target(String host, int port, String pathAndQuery) {
        static Target ofAuthority(String authority) {
            int colon = authority.lastIndexOf(':');
            if (colon <= 0) {
                return null;
            }
            try {
                String host = authority.substring(0, colon);
                host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                return new Target(host, Integer.parseInt(authority.substring(colon + 1)), "");
            } catch (NumberFormatException e) {
                return null;
            }
        }

        static Target ofAbsolute(String url) {
            try {
                URI uri = URI.create(url);
                if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    return null;
                }
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                return new Target(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort(),
                        uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
