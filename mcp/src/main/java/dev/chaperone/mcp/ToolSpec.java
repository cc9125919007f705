package dev.chaperone.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import java.util.Map;

/** Builds one tool: name, words for the model, input schema, truthful hints, and its handler. */
final class ToolSpec {
    /** Who calls: the client's name (from {@code initialize}) and the MCP session it calls on. */
    record Caller(String client, String connection) {}

    /** A tool's work: the caller and the checked arguments in, an answer out. */
    @FunctionalInterface
    interface Handler {
        CallToolResult call(Caller caller, Map<String, Object> arguments);
    }

    private ToolSpec() {
    }

    static SyncToolSpecification tool(McpJsonMapper json, String name, String title, String description, String schema,
                                      boolean readOnly, boolean destructive, Handler handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, json, schema).title(title).description(description)
                .annotations(McpSchema.ToolAnnotations.builder().title(title).readOnlyHint(readOnly)
                        .destructiveHint(destructive).openWorldHint(true).build())
                .build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((McpSyncServerExchange exchange, McpSchema.CallToolRequest request) -> {
                    String client = exchange.getClientInfo() == null ? "unknown client" : exchange.getClientInfo().name();
                    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
                    String connection = exchange.sessionId() == null ? "stdio" : exchange.sessionId();
                    try {
                        return handler.call(new Caller(client, connection), arguments);
                    } catch (RuntimeException e) {
                        // Never a stack trace: the message says what happened and what to do next.
                        return ToolResults.error(e.getMessage() == null ? "Chaperone could not do it." : e.getMessage());
                    }
                })
                .build();
    }

    static String string(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        return value == null ? "" : value.toString();
    }
}
