package dev.chaperone.core.gate;

import java.util.Objects;

/**
 * Who set an action going: the assistant's browser on its own (a page loading its parts, a
 * redirect), an assistant's tool call over MCP (with the client's name and the tool), or the
 * person acting in the view themselves. The audit keeps the three apart, so the person's own
 * clicks are never put on the assistant.
 */
public record Initiator(Kind kind, String client, String tool) {
    public enum Kind { ASSISTANT_BROWSER, ASSISTANT_TOOL, PERSON }

    public static final Initiator BROWSER = new Initiator(Kind.ASSISTANT_BROWSER, "", "");
    public static final Initiator PERSON = new Initiator(Kind.PERSON, "", "");

    public Initiator {
        Objects.requireNonNull(kind, "kind");
        client = client == null ? "" : client;
        tool = tool == null ? "" : tool;
    }

    public static Initiator tool(String client, String tool) {
        return new Initiator(Kind.ASSISTANT_TOOL, client, tool);
    }
}
