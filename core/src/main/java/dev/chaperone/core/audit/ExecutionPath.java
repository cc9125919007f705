package dev.chaperone.core.audit;

import dev.chaperone.core.gate.Initiator;

import java.util.List;

/**
 * How an action reached its decision: who set it going (the browser, an MCP client's tool call,
 * or the person), then each gate step it passed, in order, ending with the step that answered.
 */
public record ExecutionPath(Initiator.Kind initiatedBy, String mcpClient, String tool, List<String> steps) {
    public ExecutionPath {
        steps = List.copyOf(steps);
    }

    public static ExecutionPath of(Initiator initiator, List<String> steps) {
        return new ExecutionPath(initiator.kind(), initiator.client(), initiator.tool(), steps);
    }
}
