package dev.chaperone.mcp;

import dev.chaperone.core.session.TaskDesk;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import io.modelcontextprotocol.spec.McpSchema;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streamable HTTP on 127.0.0.1 at {@code /mcp}. A request passes only with the right Host, an
 * Origin of this address (or none, as non-browser clients send), and the pairing secret as a
 * bearer token; anything else is refused before MCP sees it, and reported to {@code onRefused}.
 */
public final class HttpMcpServer implements AutoCloseable {
    private final Server jetty;
    private final McpSyncServer mcp;

    private HttpMcpServer(Server jetty, McpSyncServer mcp) {
        this.jetty = jetty;
        this.mcp = mcp;
    }

    static HttpMcpServer start(TaskDesk desk, int port, String pairingSecret, String version) throws Exception {
        return start(desk, port, pairingSecret, version, refusal -> { });
    }

    public static HttpMcpServer start(TaskDesk desk, int port, String pairingSecret, String version,
                                      Consumer<String> onRefused) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        // The port is known only once bound; the validator reads it then.
        int[] bound = {port};
        byte[] expected = ("Bearer " + pairingSecret).getBytes(StandardCharsets.UTF_8);
        ServerTransportSecurityValidator validator = headers -> {
            String p = Integer.toString(bound[0]);
            ServerTransportSecurityValidator originAndHost = DefaultServerTransportSecurityValidator.builder()
                    .allowedOrigins(List.of("http://127.0.0.1:" + p, "http://localhost:" + p))
                    .allowedHosts(List.of("127.0.0.1:" + p, "localhost:" + p)).build();
            try {
                originAndHost.validateHeaders(headers);
                String authorization = header(headers, "Authorization");
                if (!MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), expected)) {
                    throw new ServerTransportSecurityException(401,
                            "Chaperone needs its pairing secret as a bearer token (run: chaperone mcp pair).");
                }
            } catch (ServerTransportSecurityException e) {
                onRefused.accept("HTTP " + e.getStatusCode() + " from Origin \"" + header(headers, "Origin") + "\", Host \""
                        + header(headers, "Host") + "\"");
                throw e;
            }
        };
        McpJsonMapper json = McpJsonDefaults.getMapper();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json).mcpEndpoint("/mcp").securityValidator(validator).build();
        McpSyncServer mcp = McpServer.sync(transport)
                .serverInfo("chaperone", version)
                .instructions(ChaperoneMcpServer.INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(ChaperoneMcpServer.tools(json, desk))
                .build();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("mcp", transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        jetty.setHandler(context);
        jetty.start();
        bound[0] = connector.getLocalPort();
        return new HttpMcpServer(jetty, mcp);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse("");
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        mcp.closeGracefully();
        try {
            jetty.stop();
        } catch (Exception e) {
            System.err.println("chaperone: the MCP HTTP server did not stop cleanly: " + e.getMessage());
        }
    }
}
