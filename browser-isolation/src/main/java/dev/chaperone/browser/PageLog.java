package dev.chaperone.browser;

import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What this session's page did that a tool may report: its network requests (with the gate's
 * verdict) and its console messages. Bounded, so a chatty page cannot grow it without end; it
 * lives and dies with the session's browser.
 */
final class PageLog {
    static final int MAX_REQUESTS = 500;
    static final int MAX_CONSOLE = 200;

    /** One console message; {@code level} as Chromium names it (such as {@code LOGSEVERITY_ERROR}). */
    record ConsoleLine(String level, String message, String source, int line) {}

    private final Deque<String> requests = new ArrayDeque<>();
    private final Deque<ConsoleLine> console = new ArrayDeque<>();

    synchronized void request(AssistantAction action, Decision decision) {
        add(requests, "[" + action.method() + "] " + action.url() + (decision.isAllowed() ? "" : " => blocked: "
                + decision.reason()), MAX_REQUESTS);
    }

    synchronized void console(ConsoleLine line) {
        add(console, line, MAX_CONSOLE);
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized List<ConsoleLine> console() {
        return List.copyOf(console);
    }

    private static <T> void add(Deque<T> lines, T line, int max) {
        if (lines.size() == max) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }
}
