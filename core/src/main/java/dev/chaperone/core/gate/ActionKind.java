package dev.chaperone.core.gate;

/** The kinds of thing an assistant can do through its browser or over MCP. */
public enum ActionKind {
    /** A top-level page load. */
    NAVIGATE,
    /** Any network request a page makes (images, scripts, fetch, sub-frames). */
    REQUEST,
    /** A file the page wants to save to the workstation. */
    DOWNLOAD,
    /** A click on a page element. */
    CLICK,
    /** A tool call from an assistant over MCP. */
    TOOL_CALL,
    /**
     * A network connection the browser opens, as the egress guard sees it: WebSocket and service
     * worker traffic included, which no page-level hook sees. It decides only where the browser
     * may connect; what is sent is decided as a request.
     */
    CONNECT
}
