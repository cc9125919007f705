package dev.chaperone.app.cli;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.Version;
import dev.chaperone.app.mcp.McpDesk;
import dev.chaperone.app.mcp.PairingSecret;
import dev.chaperone.mcp.ChaperoneMcpServer;
import dev.chaperone.mcp.HttpMcpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code chaperone mcp}: Chaperone as an MCP server for an AI assistant. The desktop window opens
 * (banner, the assistant's browser, prompts); tasks start only when the person allows them.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, description = "Serve an AI assistant over MCP: stdio (spawned by the MCP client), "
        + "or streamable HTTP on 127.0.0.1 with --http PORT.", subcommands = McpCommand.Pair.class)
public final class McpCommand implements Callable<Integer> {

    @Option(names = "--http", paramLabel = "PORT", description = "Serve streamable HTTP on 127.0.0.1:PORT "
            + "(clients need the pairing secret: chaperone mcp pair).")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        // Over stdio nothing but MCP may reach stdout: everything else that prints goes to stderr.
        PrintStream mcpOut = System.out;
        System.setOut(System.err);
        DesktopApp app = DesktopApp.openForTasks(AppOptions.defaults());
        McpDesk desk = new McpDesk(app);
        if (httpPort != null) {
            String secret = PairingSecret.loadOrCreate(AppPaths.fromEnvironment());
            try (HttpMcpServer server = HttpMcpServer.start(desk, httpPort, secret, Version.CURRENT,
                    refusal -> {
                        System.err.println("chaperone mcp: refused " + refusal);
                        desk.refused(refusal);
                    })) {
                System.err.println("chaperone mcp: serving http://127.0.0.1:" + server.port() + "/mcp");
                app.whenQuit().join();
            }
            return 0;
        }
        McpSyncServer server = ChaperoneMcpServer.stdio(desk, new QuitOnEnd(System.in, app), mcpOut, Version.CURRENT);
        app.whenQuit().join();
        server.closeGracefully();
        return 0;
    }

    /** When the MCP client closes our stdin it has gone: the task ends and the app quits. */
    private static final class QuitOnEnd extends FilterInputStream {
        private final DesktopApp app;

        QuitOnEnd(InputStream in, DesktopApp app) {
            super(in);
            this.app = app;
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ended(super.read(b, off, len));
        }

        private int ended(int n) {
            if (n < 0) {
                app.quitAsync();
            }
            return n;
        }
    }

    @Command(name = "pair", mixinStandardHelpOptions = true, description = "Print the pairing secret an MCP client needs for --http (as a bearer token).")
    static final class Pair implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            System.out.println(PairingSecret.loadOrCreate(AppPaths.fromEnvironment()));
            return 0;
        }
    }
}
