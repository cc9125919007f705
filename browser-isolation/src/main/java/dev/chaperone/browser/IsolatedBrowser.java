package dev.chaperone.browser;

import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.token.TaskCredentials;
import org.cef.CefClient;
import org.cef.browser.CefBrowser;
import org.cef.browser.CefFrame;
import org.cef.browser.CefRequestContext;
import org.cef.browser.OffscreenBrowser;
import org.cef.callback.CefJSDialogCallback;
import org.cef.handler.CefDisplayHandlerAdapter;
import org.cef.handler.CefJSDialogHandlerAdapter;
import org.cef.handler.CefLifeSpanHandlerAdapter;
import org.cef.handler.CefLoadHandlerAdapter;
import org.cef.handler.CefRequestContextHandlerAdapter;
import org.cef.handler.CefResourceRequestHandler;
import org.cef.network.CefRequest;
import org.cef.misc.BoolRef;

import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The assistant's own browser for one session: a fresh in-memory request context (never the
 * global one, so no cookie or cache of anyone else's), every request through the gate, the task
 * token only for the task's origin, downloads only with approval.
 */
public final class IsolatedBrowser {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Where the browser starts and saves approved files. */
    public record Settings(String startUrl, int width, int height, Path downloadsDir) {
    }

    private final CefRequestContext context;
    private final EgressProxy.Pass egress;
    private final CefResourceRequestHandler serviceWorkers;
    private final CefClient client;
    private final OffscreenBrowser browser;
    private final PageScripts scripts = new PageScripts();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    // Chromium makes the browser a moment after createImmediately; a close asked before that is
    // dropped (no onBeforeClose ever comes), so closing waits for it to exist first.
    private final CompletableFuture<Void> created = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger loadsFinished = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean loading;
    private final PageLog log = new PageLog();
    private final GatedRequestHandler requests;
    private final InputOrigin input = new InputOrigin();
    private final FileChooser files = new FileChooser(input);
    private final PageMark mark = new PageMark();
    private final TaskCredentials credentials;
    private volatile org.cef.browser.DevToolsChannel devTools;
    private ServiceWorkerRefusal serviceWorkerRefusal;
    private HeldRequests heldRequests;
    private final boolean holdWrites;

    private IsolatedBrowser(BrowserRuntime runtime, ActionGate gate, TaskCredentials credentials,
                            AuditTrail audit, Settings settings, OffscreenBrowser.FrameSink frames, BrowserListener listener,
                            boolean holdWrites) {
        this.holdWrites = holdWrites;
        egress = runtime.egress().admit(gate, refused -> {
            log.request(refused.action(), refused.decision());
            listener.onConnectionRefused(refused.action(), refused.decision());
        });
        this.credentials = credentials;
        requests = new GatedRequestHandler(gate, credentials, listener, log, input, egress, this::writesHeld, mark);
        serviceWorkers = requests.serviceWorkerRequests();
        context = CefRequestContext.createContext(new CefRequestContextHandlerAdapter() {
            @Override
            public CefResourceRequestHandler getResourceRequestHandler(CefBrowser b, CefFrame frame, CefRequest request,
                                                                       boolean isNavigation, boolean isDownload,
                                                                       String requestInitiator, BoolRef disableDefaultHandling) {
                // Asked only for requests no browser's handler took: those with no page behind them,
                // which here means a service worker's (its script and its own fetches).
                return b == null ? serviceWorkers : null;
            }
        });
        // WebRTC's own sockets are the network service's, on the machine's network: without this a
        // page's RTCPeerConnection gathered UDP host candidates and sent STUN past the egress proxy.
        // With it WebRTC may only use the proxy, which carries no UDP.
        String webRtc = onChromiumThread(() -> context.setPreference("webrtc.ip_handling_policy", "disable_non_proxied_udp"));
        if (webRtc != null && !webRtc.isEmpty()) {
            context.dispose();
            throw new IllegalStateException("WebRTC could not be kept to the proxy: " + webRtc);
        }
        client = runtime.newClient();
        client.addRequestHandler(requests);
        client.addDownloadHandler(new GatedDownloadHandler(gate, audit, settings.downloadsDir(), listener, input::recentOrBrowser));
        client.addDialogHandler(files);
        client.addMessageRouter(scripts.router());
        client.addLifeSpanHandler(new CefLifeSpanHandlerAdapter() {
            @Override
            public boolean onBeforePopup(CefBrowser b, CefFrame frame, String targetUrl, String targetFrameName) {
                // JCEF's native layer already cancels every popup of a windowless browser before
                // asking Java (java-cef issue 290); this refusal only matters if that ever changes:
                // no second, unsupervised view.
                return true;
            }

            @Override
            public void onAfterCreated(CefBrowser b) {
                created.complete(null);
            }

            @Override
            public void onBeforeClose(CefBrowser b) {
                closed.complete(null);
            }
        });
        client.addLoadHandler(new CefLoadHandlerAdapter() {
            @Override
            public void onLoadingStateChange(CefBrowser b, boolean isLoading, boolean canGoBack, boolean canGoForward) {
                loading = isLoading;
                watchPage(gate, listener);
            }

            @Override
            public void onLoadStart(CefBrowser b, CefFrame frame, org.cef.network.CefRequest.TransitionType transitionType) {
                if (frame.isMain()) {
                    // A chooser of the page going away would keep Chromium from opening the next page's.
                    files.cancel();
                    mark.documentStarted();
                }
            }

            @Override
            public void onLoadEnd(CefBrowser b, CefFrame frame, int httpStatusCode) {
                if (frame.isMain()) {
                    scripts.evaluate(b, PageMark.META_SCRIPT).thenAccept(mark::metaRead);
                    loadsFinished.incrementAndGet();
                    listener.onLoadEnd(frame.getURL(), httpStatusCode);
                }
            }
        });
        client.addDisplayHandler(new CefDisplayHandlerAdapter() {
            @Override
            public void onAddressChange(CefBrowser b, CefFrame frame, String url) {
                listener.onAddressChange(url);
            }

            @Override
            public boolean onConsoleMessage(CefBrowser b, org.cef.CefSettings.LogSeverity level, String message, String source,
                                            int line) {
                log.console(new PageLog.ConsoleLine(level.name(), message, source, line));
                return false;
            }
        });
        client.addJSDialogHandler(new CefJSDialogHandlerAdapter() {
            @Override
            public boolean onJSDialog(CefBrowser b, String originUrl, JSDialogType type, String message,
                                      String defaultPrompt, CefJSDialogCallback callback, BoolRef suppress) {
                // A page must not pop dialogs that could pass for Chaperone's own prompts.
                listener.onDialogSuppressed(originUrl);
                suppress.set(true);
                return false;
            }
        });
        browser = new OffscreenBrowser(client, settings.startUrl(), context, settings.width(), settings.height(), frames);
        browser.createImmediately();
        browser.setFocus(true);
    }

    /**
     * Once the browser exists (its first loading change), its page's writes are held for the gate
     * and its service worker registrations are watched.
     */
    private synchronized void watchPage(ActionGate gate, BrowserListener listener) {
        if (serviceWorkerRefusal == null && !closed.isDone()) {
            java.util.function.BiConsumer<dev.chaperone.core.gate.AssistantAction, dev.chaperone.core.gate.Decision> refused =
                    (action, decision) -> {
                        log.request(action, decision);
                        listener.onBlocked(action, decision);
                    };
            if (holdWrites) {
                heldRequests = HeldRequests.start(devTools(), gate, credentials, input, refused);
            }
            serviceWorkerRefusal = ServiceWorkerRefusal.watch(devTools(), gate, refused);
        }
    }

    /** Where the held writes stood before an input: how many were let past the hooks, and how many held. */
    record WriteMark(int passed, int held) {}

    synchronized WriteMark heldWritesMark() {
        return new WriteMark(requests.writesHeldLater(), heldRequests == null ? 0 : heldRequests.mark());
    }

    /**
     * The writes held since the mark, each with its decision once made. A write the hooks let
     * through reaches the hold a moment later, so this waits (briefly) until each has arrived.
     */
    java.util.List<HeldRequests.Held> heldWritesSince(WriteMark mark) {
        HeldRequests hold;
        synchronized (this) {
            hold = heldRequests;
        }
        if (hold == null) {
            return java.util.List.of();
        }
        int passed = requests.writesHeldLater() - mark.passed();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (hold.since(mark.held()).size() < passed && System.nanoTime() < until) {
            PageDriver.sleep(2);
        }
        return hold.since(mark.held());
    }

    /** Whether this page's writes can wait for the person (see {@link HeldRequests}). */
    private synchronized boolean writesHeld() {
        return heldRequests != null && heldRequests.holding();
    }

    public static IsolatedBrowser open(BrowserRuntime runtime, ActionGate gate, TaskCredentials credentials,
                                       AuditTrail audit, Settings settings,
                                       OffscreenBrowser.FrameSink frames, BrowserListener listener) {
        return new IsolatedBrowser(runtime, gate, credentials, audit, settings, frames, listener, true);
    }

    /** Without held writes only for {@code PageLoadBench}; package-private like the unguarded runtime. */
    static IsolatedBrowser open(BrowserRuntime runtime, ActionGate gate, TaskCredentials credentials, AuditTrail audit,
                                Settings settings, OffscreenBrowser.FrameSink frames, BrowserListener listener,
                                boolean holdWrites) {
        return new IsolatedBrowser(runtime, gate, credentials, audit, settings, frames, listener, holdWrites);
    }

    /** Loads a page; the gate decides it in {@code onBeforeBrowse}, like any navigation. */
    public void navigate(String url) {
        browser.loadURL(url);
    }

    int navigationsStarted() {
        return requests.navigationsStarted();
    }

    /** How the page's process died, if it did. */
    java.util.Optional<String> crashed() {
        return java.util.Optional.ofNullable(requests.crashed().getNow(null));
    }

    /** Completes, with how it died, when the page's process dies (a crash, or killed): the session must end. */
    public CompletableFuture<String> whenCrashed() {
        return requests.crashed().copy();
    }

    /** What the page requested and logged in this session (for the tools that report it). */
    PageLog log() {
        return log;
    }

    /** Whether the page is loading now (a navigation or reload in progress). */
    boolean isLoading() {
        return loading;
    }

    /** Preferences may be set on Chromium's UI thread only, which with JCEF's message pump is the AWT event thread. */
    private static String onChromiumThread(java.util.function.Supplier<String> call) {
        if (javax.swing.SwingUtilities.isEventDispatchThread()) {
            return call.get();
        }
        String[] answer = new String[1];
        try {
            javax.swing.SwingUtilities.invokeAndWait(() -> answer[0] = call.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.lang.reflect.InvocationTargetException e) {
            return String.valueOf(e.getCause());
        }
        return answer[0];
    }

    /** The DevTools protocol of this browser, opened on first use (the browser exists by then). */
    synchronized org.cef.browser.DevToolsChannel devTools() {
        if (devTools == null) {
            devTools = org.cef.browser.DevToolsChannel.of(browser);
        }
        return devTools;
    }

    public String currentUrl() {
        return browser.getURL();
    }

    /** How many top-level page loads have finished; page scripts are safe to run after a load ends. */
    public int loadsFinished() {
        return loadsFinished.get();
    }

    /**
     * Runs script in the page and returns its result as text. Package-private: nothing in the
     * product may act in the assistant's page around the gate; tests reach it through
     * {@code PageScriptForTests}.
     */
    CompletableFuture<String> evaluate(String expression) {
        return scripts.evaluate(browser, expression);
    }

    public void resize(int width, int height) {
        browser.resize(width, height);
    }

    /** The person's own mouse in the view: what it starts is theirs, not the assistant's. */
    public void mouse(MouseEvent event) {
        if (event.getID() == MouseEvent.MOUSE_PRESSED || event.getID() == MouseEvent.MOUSE_RELEASED) {
            input.input(dev.chaperone.core.gate.Initiator.PERSON);
        }
        browser.mouse(event);
    }

    public void wheel(MouseWheelEvent event) {
        browser.wheel(event);
    }

    /** The person's own keyboard in the view. */
    public void key(KeyEvent event) {
        input.input(dev.chaperone.core.gate.Initiator.PERSON);
        browser.key(event);
    }

    /** An assistant's tool is about to send input: what it starts is that tool call's. */
    void toolInput(dev.chaperone.core.gate.Initiator tool, String element, boolean approvedByPerson) {
        input.input(tool, element, approvedByPerson);
    }

    /**
     * The shown page's own word for its data's sensitivity (its header or meta tag), if it gave
     * one the ladder knows: the policy raises IT's word with it, and the prompt shows it.
     */
    public Optional<String> pageSensitivity() {
        return mark.current();
    }

    /** The page's file chooser, open for an assistant's upload when its own click opened one. */
    FileChooser fileChooser() {
        return files;
    }

    /** A navigation a tool asked for (the gate already allowed it as the tool's). */
    void toolNavigation(dev.chaperone.core.gate.Initiator tool, String url) {
        input.navigation(tool, url);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Closes the browser and its request context, and waits until Chromium confirms. */
    public void close() throws BrowserStartException {
        if (!closed.isDone()) {
            long until = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
            try {
                // A session that ends right after it started (the person locked at once) closes a browser still being made.
                created.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception notCreated) {
                // Closing anyway; if Chromium never made it, the wait below says so.
            }
            files.cancel();
            browser.setCloseAllowed();
            browser.close(true);
            try {
                closed.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new BrowserStartException("The assistant's browser did not close in time", e);
            } finally {
                if (devTools != null) {
                    devTools.close();
                }
                scripts.dispose();
                client.dispose();
                context.dispose();
                egress.close();
                synchronized (this) {
                    if (serviceWorkerRefusal != null) {
                        serviceWorkerRefusal.close();
                    }
                    if (heldRequests != null) {
                        heldRequests.close();
                    }
                }
            }
        }
    }
}
