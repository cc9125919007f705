package dev.chaperone.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaperone.core.concurrent.DaemonThreads;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import org.cef.browser.DevToolsChannel;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * Service workers are off in the assistant's browser unless the policy allows them. A worker's
 * script is fetched past every request hook Chromium offers (only the egress proxy sees that
 * connection, and inside an https tunnel it cannot tell a worker's script from any other file),
 * so the refusal acts on the registration instead: Chromium reports each one over the DevTools
 * protocol; each is asked of the gate as the worker's request for its script and, when refused,
 * unregistered at once and its workers stopped. What a worker could fetch meanwhile still passes
 * the egress proxy, so it reaches the task's sites only.
 */
final class ServiceWorkerRefusal implements BiConsumer<String, String> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DevToolsChannel devTools;
    private final ActionGate gate;
    private final BiConsumer<AssistantAction, Decision> refused;
    private final Map<String, String> scopes = new ConcurrentHashMap<>();
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    // Events arrive on the AWT event thread, where the gate (which may write to the audit) must not run.
    private final ExecutorService deciding = Executors.newSingleThreadExecutor(DaemonThreads.named("chaperone-service-workers"));

    private ServiceWorkerRefusal(DevToolsChannel devTools, ActionGate gate, BiConsumer<AssistantAction, Decision> refused) {
        this.devTools = devTools;
        this.gate = gate;
        this.refused = refused;
    }

    /** Starts watching; registrations made before this are reported when it starts, so none is missed. */
    static ServiceWorkerRefusal watch(DevToolsChannel devTools, ActionGate gate, BiConsumer<AssistantAction, Decision> refused) {
        ServiceWorkerRefusal refusal = new ServiceWorkerRefusal(devTools, gate, refused);
        devTools.onEvent(refusal);
        devTools.call("ServiceWorker.enable", "{}");
        return refusal;
    }

    @Override
    public void accept(String method, String params) {
        if (!method.startsWith("ServiceWorker.")) {
            return;
        }
        try {
            JsonNode event = JSON.readTree(params);
            for (JsonNode registration : event.path("registrations")) {
                if (!registration.path("isDeleted").asBoolean()) {
                    scopes.put(registration.path("registrationId").asText(), registration.path("scopeURL").asText());
                }
            }
            for (JsonNode version : event.path("versions")) {
                String registration = version.path("registrationId").asText();
                String script = version.path("scriptURL").asText();
                if (decided.add(registration + " " + script)) {
                    deciding.execute(() -> decide(registration, script));
                }
            }
        } catch (IOException e) {
            // An unreadable event names no worker; the next event about it is read again.
        }
    }

    private void decide(String registration, String script) {
        AssistantAction action = new AssistantAction(ActionKind.REQUEST, "GET", script, AssistantAction.SERVICE_WORKER);
        Decision decision = gate.decideNow(action);
        if (decision.isAllowed()) {
            return;
        }
        String scope = scopes.get(registration);
        if (scope != null) {
            devTools.call("ServiceWorker.unregister", JSON.createObjectNode().put("scopeURL", scope).toString());
        }
        devTools.call("ServiceWorker.stopAllWorkers", "{}");
        refused.accept(action, decision);
    }

    void close() {
        deciding.shutdownNow();
    }
}
