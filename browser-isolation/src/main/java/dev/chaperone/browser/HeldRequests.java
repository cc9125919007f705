package dev.chaperone.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaperone.core.concurrent.DaemonThreads;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.token.TaskCredentials;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.core.token.WriteCredential;
import org.cef.browser.DevToolsChannel;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * Writes wait for a person instead of being dropped. A request hook of Chromium's must answer at
 * once, so there an "ask" could only end as a deny. The DevTools protocol's Fetch domain can hold
 * a request: every request of the page pauses there after the hooks; reads go on at once, and a
 * write (POST, PUT, PATCH, DELETE: a form post, a beacon, a keepalive fetch) is asked of the gate,
 * which may wait for the person, and is then sent ({@code Fetch.continueRequest}) or refused
 * ({@code Fetch.failRequest}, the page sees a failed request).
 *
 * <p>The approval is one-use and bound to what the person saw: it releases exactly the held
 * request, with the payload shown to them (its summary and hash are in the action and so in the
 * audit). A replay, a second request or a changed payload is another request and is asked again.
 *
 * <p>An approved write to the task's site goes with a token minted for it alone (the task's
 * write scopes; the token every other request carries has none), which is revoked as soon as the
 * server's answer arrives, before the page sees that answer. If the broker will not mint it, the
 * write is not sent.
 */
final class HeldRequests implements BiConsumer<String, String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Only the kinds of request that can carry a write pause here: a page load (a form post), XHR
     * and fetch, a beacon, and anything Chromium files under "Other". Images, style sheets, scripts,
     * fonts and media are always GET, and pausing each of them would slow every page.
     */
    private static final String PATTERNS = "{\"patterns\":[" + java.util.stream.Stream.of(
                    "Document", "XHR", "Fetch", "Ping", "Other", "CSPViolationReport")
            .map(type -> "{\"urlPattern\":\"*\",\"resourceType\":\"" + type + "\",\"requestStage\":\"Request\"}")
            .collect(java.util.stream.Collectors.joining(",")) + "]}";

    private final DevToolsChannel devTools;
    private final ActionGate gate;
    private final TaskCredentials credentials;
    private final InputOrigin input;
    private final BiConsumer<AssistantAction, Decision> refused;
    // Events arrive on the AWT event thread; answers to held requests must not be waited for there.
    private final ExecutorService releasing = Executors.newCachedThreadPool(DaemonThreads.named("chaperone-held-requests"));
    private volatile boolean holding;
    // Every write held so far, in order, with how it was decided: the tool whose input set one off
    // waits for it and tells the assistant when it was refused, instead of failing silently.
    private final java.util.List<Held> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One held write and its decision, once made. */
    record Held(AssistantAction action, java.util.concurrent.CompletableFuture<Decision> decided) {}

    // Approved writes sent with a token of their own, by request id, until the server's answer arrives.
    private final java.util.Map<String, WriteCredential> sentWithOwnToken = new java.util.concurrent.ConcurrentHashMap<>();

    private HeldRequests(DevToolsChannel devTools, ActionGate gate, TaskCredentials credentials, InputOrigin input,
                         BiConsumer<AssistantAction, Decision> refused) {
        this.devTools = devTools;
        this.gate = gate;
        this.credentials = credentials;
        this.input = input;
        this.refused = refused;
    }

    /** Starts holding the page's requests; until Chromium confirms, writes are decided at the request hooks (and so refused). */
    static HeldRequests start(DevToolsChannel devTools, ActionGate gate, TaskCredentials credentials, InputOrigin input,
                              BiConsumer<AssistantAction, Decision> refused) {
        HeldRequests held = new HeldRequests(devTools, gate, credentials, input, refused);
        devTools.onEvent(held);
        // Refused (an unknown pattern, a closed page): holding stays off, so writes are decided, and refused, at the hooks.
        devTools.call("Fetch.enable", PATTERNS).thenAccept(result -> held.holding = result.ok());
        return held;
    }

    /** Whether writes of this page can be held here; if not, the request hooks decide them without waiting. */
    boolean holding() {
        return holding;
    }

    @Override
    public void accept(String method, String params) {
        if (!method.equals("Fetch.requestPaused")) {
            return;
        }
        JsonNode paused;
        try {
            paused = JSON.readTree(params);
        } catch (IOException e) {
            return;
        }
        String id = paused.path("requestId").asText();
        if (paused.has("responseStatusCode") || paused.has("responseErrorReason")) {
            // The answer to a write sent with its own token: the token has done its one job.
            WriteCredential used = sentWithOwnToken.remove(id);
            offThisThread(() -> {
                if (used != null) {
                    used.revoke();
                }
                continueAsIs(id);
            });
            return;
        }
        JsonNode request = paused.path("request");
        ActionKind kind = paused.path("resourceType").asText().equals("Document") ? ActionKind.NAVIGATE : ActionKind.REQUEST;
        AssistantAction seen = new AssistantAction(kind, request.path("method").asText("GET"), request.path("url").asText(),
                "", input.recentOrBrowser());
        if (seen.isSafeMethod()) {
            if (kind == ActionKind.NAVIGATE && input.takeApprovedNavigation(seen.url())) {
                // The page the person opened, or an assistant's click they allowed: its one request
                // goes with the task's write access (an export needs it), minted for it alone.
                offThisThread(() -> sendApproved(id, request.path("headers"), seen));
                return;
            }
            // Reads were decided at the request hooks already.
            continueAsIs(id);
            return;
        }
        // Only a write is worth describing: its payload, fingerprinted, and what was clicked.
        String label = WritePayload.of(request).describe() + input.lastElement().map(e -> " · after clicking " + e).orElse("");
        AssistantAction action = new AssistantAction(kind, seen.method(), seen.url(), label, seen.initiator());
        Held write = new Held(action, new java.util.concurrent.CompletableFuture<>());
        held.add(write);
        releasing.execute(() -> decide(id, request.path("headers"), write));
    }

    /** How many writes have been held so far: a mark to ask {@link #since} about later. */
    int mark() {
        return held.size();
    }

    /** The writes held since the mark, each with its decision (or an incomplete future while the person decides). */
    java.util.List<Held> since(int mark) {
        java.util.List<Held> all = java.util.List.copyOf(held);
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    private void decide(String id, JsonNode headers, Held write) {
        AssistantAction action = write.action();
        ActionKind kind = action.kind();
        Decision decision;
        try {
            decision = gate.decideWaiting(action).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            decision = null;
        } catch (java.util.concurrent.ExecutionException e) {
            decision = null;
        }
        if (decision != null && decision.isAllowed()) {
            try {
                send(id, headers, action);
                write.decided().complete(decision);
                return;
            } catch (TokenBrokerException | IllegalArgumentException e) {
                decision = Decision.deny(dev.chaperone.core.gate.DecidedBy.GATE, dev.chaperone.core.gate.ReasonCode.SAFETY_CHECK_FAILED,
                        "Approved, but not sent: the broker gave no token for this write (" + e.getMessage() + ").");
            }
        }
        write.decided().complete(decision != null ? decision : Decision.deny(dev.chaperone.core.gate.DecidedBy.GATE,
                dev.chaperone.core.gate.ReasonCode.SAFETY_CHECK_FAILED, "The decision could not be made."));
        // A refused page load is aborted (the page stays as it was, no error page); any other
        // request fails as blocked, which the page's script sees.
        devTools.call("Fetch.failRequest", JSON.createObjectNode().put("requestId", id)
                .put("errorReason", kind == ActionKind.NAVIGATE ? "Aborted" : "BlockedByClient").toString());
        if (decision != null) {
            refused.accept(action, decision);
        }
    }

    /**
     * An approved page load: sent with a token of its own. If the broker gives none it goes with
     * the reading credentials it already carries: a read with less access is safe, and a page that
     * needed more (an export) answers that it was not allowed.
     */
    private void sendApproved(String id, JsonNode headers, AssistantAction action) {
        try {
            send(id, headers, action);
        } catch (TokenBrokerException | IllegalArgumentException e) {
            continueAsIs(id);
        }
    }

    /**
     * Sends an approved write: with a token minted for it when the task declared writes on this
     * site (its Authorization and DPoP headers replacing the reading ones, and its answer held so
     * the token is revoked first), else as it is.
     */
    private void send(String id, JsonNode headers, AssistantAction action) throws TokenBrokerException {
        java.util.Optional<WriteCredential> own = credentials.forOneWrite(action.method(), java.net.URI.create(action.url()));
        com.fasterxml.jackson.databind.node.ObjectNode go = JSON.createObjectNode().put("requestId", id);
        if (own.isPresent()) {
            com.fasterxml.jackson.databind.node.ArrayNode replaced = go.putArray("headers");
            headers.fields().forEachRemaining(h -> {
                if (!h.getKey().equalsIgnoreCase("Authorization") && !h.getKey().equalsIgnoreCase("DPoP")) {
                    replaced.addObject().put("name", h.getKey()).put("value", h.getValue().asText());
                }
            });
            own.get().headers().forEach((name, value) -> replaced.addObject().put("name", name).put("value", value));
            go.put("interceptResponse", true);
            sentWithOwnToken.put(id, own.get());
        }
        devTools.call("Fetch.continueRequest", go.toString()).thenAccept(result -> {
            if (!result.ok()) {
                // Not sent after all (the page went away): its token is not needed.
                java.util.Optional.ofNullable(sentWithOwnToken.remove(id)).ifPresent(c -> offThisThread(c::revoke));
            }
        });
    }

    /** Lets a paused request (or its answer) go on unchanged. */
    private void continueAsIs(String id) {
        devTools.call("Fetch.continueRequest", JSON.createObjectNode().put("requestId", id).toString());
    }

    /** Broker calls never run on the AWT event thread; after close, a revocation still gets a thread. */
    private void offThisThread(Runnable work) {
        try {
            releasing.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            DaemonThreads.named("chaperone-held-requests").newThread(work).start();
        }
    }

    void close() {
        holding = false;
        releasing.shutdownNow();
        // Writes whose answers never came (the session is ending): their tokens go back now.
        sentWithOwnToken.values().forEach(WriteCredential::revoke);
        sentWithOwnToken.clear();
    }
}
