package dev.chaperone.core.gate;

import dev.chaperone.core.identity.Origin;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing the assistant is about to do, described well enough to decide on it and to show a
 * person: what ({@code kind}, {@code method}, {@code label}) and where ({@code url}).
 *
 * @param label a short human description, such as the file name of a download
 * @param initiator who set it going: the browser, an assistant's tool call, or the person
 */
public record AssistantAction(ActionKind kind, String method, String url, String label, Initiator initiator) {
    /** The label of requests a service worker makes (its script included): no page and no frame is behind them. */
    public static final String SERVICE_WORKER = "service worker";

    public AssistantAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(initiator, "initiator");
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        Objects.requireNonNull(url, "url");
        label = label == null ? "" : label;
    }

    /** An action the assistant's browser takes on its own. */
    public AssistantAction(ActionKind kind, String method, String url, String label) {
        this(kind, method, url, label, Initiator.BROWSER);
    }

    public static AssistantAction navigate(String url) {
        return new AssistantAction(ActionKind.NAVIGATE, "GET", url, "");
    }

    public static AssistantAction request(String method, String url) {
        return new AssistantAction(ActionKind.REQUEST, method, url, "");
    }

    /** A connection the browser opens to {@code host:port}, as the egress guard sees it. */
    public static AssistantAction connect(String method, String host, int port) {
        return new AssistantAction(ActionKind.CONNECT, method, "https://" + host + ":" + port + "/", "network connection");
    }

    public static AssistantAction download(String url, String fileName) {
        return new AssistantAction(ActionKind.DOWNLOAD, "GET", url, fileName);
    }

    /** The same action, set off by {@code who}. */
    public AssistantAction by(Initiator who) {
        return new AssistantAction(kind, method, url, label, who);
    }

    public Optional<Origin> origin() {
        return Origin.of(url);
    }

    /** GET, HEAD and OPTIONS only read; everything else may change data on the server. */
    public boolean isSafeMethod() {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
