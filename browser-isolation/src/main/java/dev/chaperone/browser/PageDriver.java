package dev.chaperone.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaperone.core.browser.BrowserActionException;
import org.cef.browser.DevToolsChannel;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The page as the DevTools protocol reaches it: protocol calls with errors in words a caller can
 * act on, element boxes, trusted mouse and key input, and waiting for what input started. It asks
 * nobody: {@link GatedAssistantBrowser} asks the gate before it uses any of this.
 */
final class PageDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(20);
    static final Map<String, int[]> KEYS = Map.ofEntries(
            Map.entry("Enter", new int[]{13, '\r'}), Map.entry("Tab", new int[]{9, 0}), Map.entry("Escape", new int[]{27, 0}),
            Map.entry("Backspace", new int[]{8, 0}), Map.entry("Delete", new int[]{46, 0}), Map.entry("Home", new int[]{36, 0}),
            Map.entry("End", new int[]{35, 0}), Map.entry("PageUp", new int[]{33, 0}), Map.entry("PageDown", new int[]{34, 0}),
            Map.entry("ArrowUp", new int[]{38, 0}), Map.entry("ArrowDown", new int[]{40, 0}),
            Map.entry("ArrowLeft", new int[]{37, 0}), Map.entry("ArrowRight", new int[]{39, 0}), Map.entry("Space", new int[]{32, ' '}));

    private final IsolatedBrowser browser;
    private final AtomicInteger navigationsRequested = new AtomicInteger();
    private final AtomicInteger documents = new AtomicInteger();
    private final java.util.Set<String> mainFrames = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private boolean listening;
    private volatile World world;
    // The top frame's id, for making a script world in it without asking first.
    private volatile String mainFrame;

    /** An isolated script world and the document it was made in (see {@link #documentsShown}). */
    private record World(int document, long context) {}

    PageDriver(IsolatedBrowser browser) {
        this.browser = browser;
    }

    /**
     * Runs a script in a world of its own (same page, separate JavaScript globals), so page script
     * cannot swap the functions it calls. Returns the string the script returns.
     */
    String isolatedEvaluate(String expression) {
        return isolatedEvaluate(expression, false).path("value").asText("[]");
    }

    private JsonNode isolatedEvaluate(String expression, boolean awaitPromise) {
        return check("Runtime.evaluate", null, evaluateInWorld(expression, awaitPromise)).path("result");
    }

    /**
     * Sends a script to Chaperone's world in the document shown now. A world of a document that
     * went away without the counters seeing it yet is not found at once: then one more try in a
     * world of the document that is there now.
     */
    private java.util.concurrent.CompletableFuture<DevToolsChannel.Result> evaluateInWorld(String expression, boolean awaitPromise) {
        // Answers arrive on the AWT event thread, where no protocol call may be waited on: the
        // second try is made on a pool thread.
        return send("Runtime.evaluate", evaluation(world(), expression, awaitPromise)).thenComposeAsync(answer -> {
            if (answer.ok() || !answer.json().contains("Cannot find context")) {
                return java.util.concurrent.CompletableFuture.completedFuture(answer);
            }
            world = null;
            return send("Runtime.evaluate", evaluation(world(), expression, awaitPromise));
        });
    }

    private static String evaluation(World world, String expression, boolean awaitPromise) {
        return JSON.createObjectNode().put("expression", expression).put("contextId", world.context())
                .put("returnByValue", true).put("awaitPromise", awaitPromise).toString();
    }

    /**
     * Chaperone's script world in the document shown now, made once per document: the same
     * document count that tells a snapshot's refs stale tells this world gone.
     */
    private World world() {
        World known = world;
        int document = documentsShown();
        if (known != null && known.document() == document) {
            return known;
        }
        long context = cdp("Page.createIsolatedWorld", JSON.createObjectNode().put("frameId", mainFrame)
                .put("worldName", "chaperone").toString()).path("executionContextId").asLong();
        World made = new World(document, context);
        world = made;
        return made;
    }

    boolean checked(String ref, long node) {
        return callOn(ref, node, "function(){return !!this.checked;}", List.of()).path("result").path("value").asBoolean();
    }

    /** Sets a list box's choice as a person would, by value or visible text, and tells the page it changed. */
    void choose(String ref, long node, List<String> values) {
        JsonNode chosen = callOn(ref, node, "function(values){if(!this.options){return -1;}var n=0;"
                + "for(var o of this.options){o.selected=values.includes(o.value)||values.includes(o.label);if(o.selected){n++;}}"
                + "this.dispatchEvent(new Event('input',{bubbles:true}));this.dispatchEvent(new Event('change',{bubbles:true}));"
                + "return n;}", values);
        int n = chosen.path("result").path("value").asInt(-1);
        if (n < 0) {
            throw new BrowserActionException("The element [ref=" + ref + "] is not a list box. Use browser_click for it.");
        }
        if (n == 0) {
            throw new BrowserActionException("None of " + values + " is an option of [ref=" + ref + "]. Take a snapshot to see them.");
        }
    }

    JsonNode callOn(String ref, long node, String function, List<String> arguments) {
        String objectId = cdp("DOM.resolveNode", "{\"backendNodeId\":" + node + "}", ref).path("object").path("objectId").asText();
        ObjectNode call = JSON.createObjectNode().put("objectId", objectId).put("functionDeclaration", function)
                .put("returnByValue", true);
        if (!arguments.isEmpty()) {
            call.putArray("arguments").addObject().set("value", JSON.valueToTree(arguments));
        }
        return cdp("Runtime.callFunctionOn", call.toString(), ref);
    }

    /**
     * Move, press and release, sent together: the browser queues input in order and answers each
     * once the page took it, so waiting for each answer before sending the next only adds trips.
     */
    void clickAt(double[] point) {
        List<java.util.concurrent.CompletableFuture<DevToolsChannel.Result>> sent = new java.util.ArrayList<>();
        for (String type : new String[]{"mouseMoved", "mousePressed", "mouseReleased"}) {
            ObjectNode event = JSON.createObjectNode().put("type", type).put("x", point[0]).put("y", point[1]);
            if (!type.equals("mouseMoved")) {
                event.put("button", "left").put("clickCount", 1);
            }
            sent.add(send("Input.dispatchMouseEvent", event.toString()));
        }
        for (var answer : sent) {
            check("Input.dispatchMouseEvent", null, answer);
        }
    }

    double[] centreOf(String ref, long node) {
        // Sent together: the browser runs them in order, so the box is measured after the scroll.
        var scrolled = send("DOM.scrollIntoViewIfNeeded", "{\"backendNodeId\":" + node + "}");
        var measured = send("DOM.getContentQuads", "{\"backendNodeId\":" + node + "}");
        check("DOM.scrollIntoViewIfNeeded", ref, scrolled);
        JsonNode quads = check("DOM.getContentQuads", ref, measured).path("quads");
        if (quads.isEmpty()) {
            throw new BrowserActionException("The element [ref=" + ref + "] has no box on screen (hidden or empty). "
                    + "Take a new snapshot and pick a visible element.");
        }
        JsonNode q = quads.get(0);
        return new double[]{(q.get(0).asDouble() + q.get(2).asDouble() + q.get(4).asDouble() + q.get(6).asDouble()) / 4,
                (q.get(1).asDouble() + q.get(3).asDouble() + q.get(5).asDouble() + q.get(7).asDouble()) / 4};
    }

    void dispatchKey(String key) {
        int[] known = KEYS.get(key);
        String text = known == null ? key : known[1] == 0 ? "" : String.valueOf((char) known[1]);
        int code = known == null ? Character.toUpperCase(key.charAt(0)) : known[0];
        String keyName = key.equals("Space") ? " " : key;
        for (String type : new String[]{"keyDown", "keyUp"}) {
            ObjectNode event = JSON.createObjectNode().put("type", type).put("key", keyName)
                    .put("windowsVirtualKeyCode", code);
            if (type.equals("keyDown") && !text.isEmpty()) {
                event.put("text", text);
            }
            cdp("Input.dispatchKeyEvent", event.toString());
        }
    }

    /**
     * Starts a navigation and waits until it has loaded. A load still in flight (such as the
     * session's first page) is let finish first, so that its end is not taken for ours. Then the
     * navigation must begin (or a page come back from the back-forward cache, which Chromium does
     * without asking the request handler), a load must finish after that, and nothing may still be
     * loading.
     */
    void loadAndWait(Runnable start) {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        while (browser.isLoading()) {
            tooLate(deadline);
            sleep(2);
        }
        int navigationsBefore = browser.navigationsStarted();
        int loadsBefore = browser.loadsFinished();
        start.run();
        while (browser.navigationsStarted() == navigationsBefore && browser.loadsFinished() == loadsBefore) {
            tooLate(deadline);
            sleep(2);
        }
        // Nothing was loading before, so any load that ends now is this navigation's. A navigation
        // the gate refused never loads: once nothing has loaded for half a second, it is over.
        long quietSince = System.nanoTime();
        while (browser.isLoading() || browser.loadsFinished() == loadsBefore) {
            tooLate(deadline);
            if (browser.isLoading()) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                return;
            }
            sleep(2);
        }
    }

    private static void tooLate(long deadline) {
        if (System.nanoTime() > deadline) {
            throw new BrowserActionException("The page did not finish loading within " + LOAD_TIMEOUT.toSeconds()
                    + " seconds. Take a snapshot to see where the browser is.");
        }
    }

    /**
     * How many documents the top frame has shown since Chaperone began to watch: each new page,
     * also one restored from the back-forward cache (which no request handler sees), counts once.
     * A page that only finishes loading, or changes its address within the document, does not.
     */
    int documentsShown() {
        listenForRequestedNavigations();
        return documents.get();
    }

    /**
     * The same, after one protocol round trip: events and answers come in order over one channel,
     * so every new document Chromium reported before answering is counted. Without it an element
     * action right after a back-forward-cache restore was checked against the count from before
     * the restore (seen once in a full run) and could land on the page now shown.
     */
    int documentsShownNow() {
        listenForRequestedNavigations();
        cdp("Runtime.evaluate", "{\"expression\":\"0\"}");
        return documents.get();
    }

    /** What the page had started before input, so that {@link #settle} can tell what the input started. */
    record BeforeInput(int navigationsStarted, int navigationsRequested) {}

    BeforeInput beforeInput() {
        listenForRequestedNavigations();
        return new BeforeInput(browser.navigationsStarted(), navigationsRequested.get());
    }

    /**
     * After input: if the page began a navigation, waits for that page to load; otherwise the page
     * is as it will be. A page starts a navigation from input in a task of its own (a form's
     * implicit submission on Enter, a script setting the location), which on a busy machine may run
     * well after the input's acknowledgement: so the page's task queue is let run first, and the
     * page reports each navigation it requests on the protocol channel before that trip's answer.
     * Chromium itself starts no navigation from a click or a key in this view, so a page that
     * requested none after those trips has nothing coming.
     */
    void settle(BeforeInput before) {
        int loadsBefore = browser.loadsFinished();
        if (!navigationUnderway(before)) {
            letPageTasksRun(before);
        }
        if (navigationsRequested.get() != before.navigationsRequested()) {
            // The page asked for a navigation: wait until the browser starts it (the request
            // handler sees it, also when it refuses it), or until a load it began without one is over.
            long startBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            boolean loadingSeen = false;
            while (browser.navigationsStarted() == before.navigationsStarted() && System.nanoTime() < startBy) {
                boolean loading = browser.isLoading();
                if (loadingSeen && !loading) {
                    break;
                }
                loadingSeen |= loading;
                sleep(2);
            }
        }
        if (browser.navigationsStarted() == before.navigationsStarted()) {
            return;
        }
        // Done when the new page finished loading, or when loading stopped without one (the gate refused it).
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        long loadingSeen = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (browser.loadsFinished() == loadsBefore && System.nanoTime() < deadline
                && (browser.isLoading() || System.nanoTime() < loadingSeen)) {
            sleep(2);
        }
    }

    private synchronized void listenForRequestedNavigations() {
        if (listening) {
            return;
        }
        // Events arrive on the AWT event thread, where no protocol call may be waited on: the main
        // frame's id is learnt here and from the frames the page reports as top-level.
        browser.devTools().onEvent(this::onPageEvent);
        cdp("Page.enable", "{}");
        mainFrame = cdp("Page.getFrameTree", "{}").path("frameTree").path("frame").path("id").asText();
        mainFrames.add(mainFrame);
        listening = true;
    }

    private void onPageEvent(String method, String params) {
        if (!method.equals("Page.frameRequestedNavigation") && !method.equals("Page.frameNavigated")) {
            return;
        }
        try {
            JsonNode event = JSON.readTree(params);
            if (method.equals("Page.frameNavigated")) {
                if (event.path("frame").path("parentId").isMissingNode()) {
                    mainFrame = event.path("frame").path("id").asText();
                    mainFrames.add(mainFrame);
                    documents.incrementAndGet();
                }
            } else if (mainFrames.contains(event.path("frameId").asText())
                    && event.path("disposition").asText("currentTab").equals("currentTab")) {
                // An iframe's own navigations load inside the page; only the top document's replace it.
                navigationsRequested.incrementAndGet();
            }
        } catch (IOException e) {
            navigationsRequested.incrementAndGet();
        }
    }

    /**
     * Two trips through the page's task queue, asked from Chaperone's script world so that page
     * script cannot stall them by replacing its timers. A navigation the page asks for meanwhile
     * ends the wait: that is what the trips were waiting to see, and the page going away would
     * hold their answer until its document is gone.
     */
    private void letPageTasksRun(BeforeInput before) {
        var trips = evaluateInWorld("new Promise(function(r){setTimeout(function(){setTimeout(r,0);},0);})", true);
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (!trips.isDone() && !navigationUnderway(before) && System.nanoTime() < deadline) {
            sleep(1);
        }
    }

    private boolean navigationUnderway(BeforeInput before) {
        return navigationsRequested.get() != before.navigationsRequested()
                || browser.navigationsStarted() != before.navigationsStarted();
    }

    JsonNode cdp(String method, String params) {
        return cdp(method, params, null);
    }

    /** One protocol call; a failure about a node of {@code ref} is reported as a stale reference. */
    JsonNode cdp(String method, String params, String ref) {
        return check(method, ref, send(method, params));
    }

    private java.util.concurrent.CompletableFuture<DevToolsChannel.Result> send(String method, String params) {
        if (browser.isClosed()) {
            throw new BrowserActionException("The browser has closed: the session ended.");
        }
        if (browser.crashed().isPresent()) {
            throw new BrowserActionException("Session ended: the page's process stopped (" + browser.crashed().get() + ").");
        }
        return browser.devTools().call(method, params);
    }

    private JsonNode check(String method, String ref, java.util.concurrent.CompletableFuture<DevToolsChannel.Result> answer) {
        DevToolsChannel.Result result;
        try {
            result = answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BrowserActionException("The browser did not answer within " + CALL_TIMEOUT.toSeconds() + " seconds.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrowserActionException("Cancelled.");
        } catch (ExecutionException e) {
            throw new BrowserActionException("The browser could not do it: " + e.getCause().getMessage());
        }
        if (!result.ok()) {
            if (ref != null) {
                throw new BrowserActionException("The element [ref=" + ref + "] is no longer on the page (it changed since "
                        + "the snapshot). Take a new snapshot and use a ref from it.");
            }
            throw new BrowserActionException("The browser could not do it (" + method + "): " + result.json());
        }
        try {
            return JSON.readTree(result.json());
        } catch (IOException e) {
            throw new BrowserActionException("The browser gave an unreadable answer to " + method + ".");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrowserActionException("Cancelled.");
        }
    }
}
