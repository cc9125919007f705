package dev.chaperone.browser;

import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.token.TaskCredentials;
import org.cef.browser.CefBrowser;
import org.cef.browser.CefFrame;
import org.cef.callback.CefAuthCallback;
import org.cef.handler.CefRequestHandlerAdapter;
import org.cef.handler.CefResourceRequestHandler;
import org.cef.handler.CefResourceRequestHandlerAdapter;
import org.cef.misc.BoolRef;
import org.cef.network.CefRequest;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts every navigation and every network request of the assistant's browser through the gate,
 * and adds the task token to requests for the task's origin only. Page scripts never see the
 * token: it is added here, below the page, after the request left it.
 */
final class GatedRequestHandler extends CefRequestHandlerAdapter {
    private final ActionGate gate;
    private final BrowserListener listener;
    private final PageLog log;
    private final CefResourceRequestHandler resources;
    private final java.util.concurrent.CompletableFuture<String> crashed = new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger navigationsStarted = new java.util.concurrent.atomic.AtomicInteger();

    /** How many top-level navigations the page began (allowed or not): tools wait only when one began. */
    int navigationsStarted() {
        return navigationsStarted.get();
    }
    private final InputOrigin input;
    private final java.util.function.BiPredicate<CefFrame, CefRequest> heldLater;
    // Writes let past the hooks to be held at the Fetch stage: they show there a moment later.
    private final java.util.concurrent.atomic.AtomicInteger writesHeldLater = new java.util.concurrent.atomic.AtomicInteger();

    /** How many writes the hooks have let through to be held so far. */
    int writesHeldLater() {
        return writesHeldLater.get();
    }
    private final EgressProxy.Pass egress;

    GatedRequestHandler(ActionGate gate, TaskCredentials credentials, BrowserListener listener, PageLog log, InputOrigin input,
                        EgressProxy.Pass egress, java.util.function.BooleanSupplier writesHeld, PageMark mark) {
        this.egress = egress;
        this.heldLater = (frame, request) -> heldLater(gate, writesHeld, frame, request);
        this.gate = gate;
        this.input = input;
        this.listener = listener;
        this.log = log;
        this.resources = new CredentialInjector(gate, credentials, listener, log, heldLater, writesHeldLater, mark);
    }

    /**
     * A write to the task's site from one of its own pages is decided where it can wait for the
     * person: held at the page's Fetch stage ({@link HeldRequests}), which sees these requests
     * after the hooks. Anything else (a read, a write elsewhere, a frame of another site, which
     * that stage does not see, or a page whose holding has not started) is decided here and now.
     */
    private static boolean heldLater(ActionGate gate, java.util.function.BooleanSupplier writesHeld, CefFrame frame,
                                     CefRequest request) {
        Origin taskSite = gate.attribution().task().allowedOrigin();
        return writesHeld.getAsBoolean() && !AssistantAction.request(request.getMethod(), request.getURL()).isSafeMethod()
                && frame != null && Origin.of(frame.getURL()).filter(taskSite::equals).isPresent()
                && Origin.of(request.getURL()).filter(taskSite::equals).isPresent();
    }

    @Override
    public boolean onBeforeBrowse(CefBrowser browser, CefFrame frame, CefRequest request, boolean userGesture, boolean isRedirect) {
        ActionKind kind = frame.isMain() ? ActionKind.NAVIGATE : ActionKind.REQUEST;
        if (frame.isMain()) {
            navigationsStarted.incrementAndGet();
        }
        if (heldLater.test(frame, request)) {
            return false;
        }
        return blocked(gate, listener, log, new AssistantAction(kind, request.getMethod(), request.getURL(), "",
                frame.isMain() ? input.of(userGesture, request.getURL()) : dev.chaperone.core.gate.Initiator.BROWSER));
    }

    @Override
    public void onRenderProcessTerminated(CefBrowser browser, TerminationStatus status, int errorCode, String errorString) {
        crashed.complete(status + (errorString == null || errorString.isBlank() ? "" : ": " + errorString));
    }

    /** Completes, with how, when the page's process dies; tools then answer that the browser crashed. */
    java.util.concurrent.CompletableFuture<String> crashed() {
        return crashed;
    }

    @Override
    public boolean onOpenURLFromTab(CefBrowser browser, CefFrame frame, String targetUrl, boolean userGesture) {
        // No new tabs or windows: everything the assistant sees stays in this one supervised view.
        return true;
    }

    @Override
    public CefResourceRequestHandler getResourceRequestHandler(CefBrowser browser, CefFrame frame, CefRequest request,
                                                               boolean isNavigation, boolean isDownload,
                                                               String requestInitiator, BoolRef disableDefaultHandling) {
        return resources;
    }

    @Override
    public boolean getAuthCredentials(CefBrowser browser, String originUrl, boolean isProxy, String host, int port,
                                      String realm, String scheme, CefAuthCallback callback) {
        if (isProxy && egress.isFor(host, port)) {
            // The egress guard knows this browser's connections by this pass, and so uses its gate.
            callback.Continue(egress.user(), egress.password());
            return true;
        }
        // The assistant never types passwords; its only credential is the task token.
        return false;
    }

    /**
     * For the requests a service worker makes, which no page's handler sees: each is asked of
     * the gate as the service worker's, so the policy can refuse them (the default refuses all, so
     * a worker never even registers: its script does not load).
     */
    CefResourceRequestHandler serviceWorkerRequests() {
        return new CefResourceRequestHandlerAdapter() {
            @Override
            public boolean onBeforeResourceLoad(CefBrowser browser, CefFrame frame, CefRequest request) {
                return blocked(gate, listener, log, new AssistantAction(ActionKind.REQUEST, request.getMethod(),
                        request.getURL(), AssistantAction.SERVICE_WORKER));
            }
        };
    }

    /** True when the gate said no (and tells the listener); Chromium then cancels the request. */
    static boolean blocked(ActionGate gate, BrowserListener listener, PageLog log, AssistantAction action) {
        Decision decision = gate.decideNow(action);
        log.request(action, decision);
        if (!decision.isAllowed()) {
            listener.onBlocked(action, decision);
            return true;
        }
        return false;
    }

    private static final class CredentialInjector extends CefResourceRequestHandlerAdapter {
        private final ActionGate gate;
        private final TaskCredentials credentials;
        private final BrowserListener listener;
        private final PageLog log;

        private final java.util.function.BiPredicate<CefFrame, CefRequest> heldLater;
        private final java.util.concurrent.atomic.AtomicInteger writesHeldLater;

        private final PageMark mark;

        CredentialInjector(ActionGate gate, TaskCredentials credentials, BrowserListener listener, PageLog log,
                           java.util.function.BiPredicate<CefFrame, CefRequest> heldLater,
                           java.util.concurrent.atomic.AtomicInteger writesHeldLater, PageMark mark) {
            this.mark = mark;
            this.heldLater = heldLater;
            this.writesHeldLater = writesHeldLater;
            this.gate = gate;
            this.credentials = credentials;
            this.listener = listener;
            this.log = log;
        }

        @Override
        public boolean onBeforeResourceLoad(CefBrowser browser, CefFrame frame, CefRequest request) {
            String url = request.getURL();
            boolean held = heldLater.test(frame, request);
            if (held) {
                writesHeldLater.incrementAndGet();
            }
            if (!held && blocked(gate, listener, log, new AssistantAction(ActionKind.REQUEST, request.getMethod(), url,
                    isServiceWorkerScript(request) ? AssistantAction.SERVICE_WORKER : ""))) {
                return true;
            }
            Map<String, String> granted = credentialsFor(request.getMethod(), url);
            if (granted.isEmpty()) {
                stripCredentials(request);
            } else {
                granted.forEach((name, value) -> request.setHeaderByName(name, value, true));
            }
            return false;
        }

        /** A page's response says how sensitive its data is, in a header of its main document. */
        @Override
        public boolean onResourceResponse(CefBrowser browser, CefFrame frame, CefRequest request,
                                          org.cef.network.CefResponse response) {
            if (request.getResourceType() == CefRequest.ResourceType.RT_MAIN_FRAME) {
                mark.responded(response.getHeaderByName("Data-Classification"), response.getHeaderByName("X-Data-Classification"));
            }
            return false;
        }

        /** A page registering a service worker fetches its script through the page's own hook, marked so. */
        private static boolean isServiceWorkerScript(CefRequest request) {
            return request.getResourceType() == CefRequest.ResourceType.RT_SERVICE_WORKER
                    || "script".equalsIgnoreCase(request.getHeaderByName("Service-Worker"));
        }

        private Map<String, String> credentialsFor(String method, String url) {
            try {
                return credentials.headersFor(method, URI.create(url));
            } catch (IllegalArgumentException malformed) {
                return Map.of();
            }
        }

        /**
         * Chromium keeps headers set here across redirects, so a 302 from the task's site to
         * another origin would carry the token along (seen in HostilePageTest). Any request to an
         * origin without credentials therefore leaves with no Authorization (or DPoP) header at all: the
         * assistant has no other credential, so nothing legitimate is lost.
         */
        private static void stripCredentials(CefRequest request) {
            Map<String, String> headers = new HashMap<>();
            request.getHeaderMap(headers);
            if (headers.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("DPoP"))) {
                request.setHeaderMap(headers);
            }
        }
    }
}
