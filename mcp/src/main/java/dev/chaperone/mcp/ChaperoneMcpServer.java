package dev.chaperone.mcp;

import dev.chaperone.core.session.TaskDesk;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Chaperone as an MCP server: the task tools and the browser tools over one {@link TaskDesk}. The
 * connection outlives tasks: when a task ends, browser tools answer why and how to get a new one.
 */
public final class ChaperoneMcpServer {
    static final String INSTRUCTIONS = """
            Chaperone gives you your own supervised browser, under your own identity, while the person watches.
            1. Call chaperone_start_task with what the task is for, the site, the access and the minutes. The person \
            allows or denies it on their desktop.
            2. Use the browser_ tools on that site (browser_snapshot gives element refs for browser_click and browser_type). \
            Risky clicks wait for the person; a deny comes back as an error: do not try another way.
            3. Call chaperone_end_task when done. A locked screen or the person leaving ends the task at once.""";

    private ChaperoneMcpServer() {
    }

    /** Serves over the given streams (stdin and stdout when an MCP client spawned Chaperone). */
    public static McpSyncServer stdio(TaskDesk desk, InputStream in, OutputStream out, String version) {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        return McpServer.sync(new StdioServerTransportProvider(json, in, out))
                .serverInfo("chaperone", version)
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools(json, desk))
                .build();
    }

    /**
     * Serves streamable HTTP on 127.0.0.1 for clients that connect to a running app. Every request
     * needs the pairing secret as a bearer token; a foreign Origin gets 403 and a foreign Host 421.
     */
    public static HttpMcpServer http(TaskDesk desk, int port, String pairingSecret, String version) throws Exception {
        return HttpMcpServer.start(desk, port, pairingSecret, version);
    }

    static List<SyncToolSpecification> tools(McpJsonMapper json, TaskDesk desk) {
        List<SyncToolSpecification> tools = new ArrayList<>(TaskTools.all(json, desk));
        tools.addAll(BrowserTools.all(json, desk));
        return tools;
    }
}
