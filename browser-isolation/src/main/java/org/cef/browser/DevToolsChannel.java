package org.cef.browser;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The Chrome DevTools Protocol of one browser, from Java. It lives in JCEF's package for the
 * package-private {@code executeDevToolsMethod} and {@code addDevToolsMessageObserver}: JCEF's own
 * {@code CefDevToolsClient} creates a call's future only when the message id comes back, so a
 * result that arrives first is lost and the call never completes (see the shared platform notes).
 * Here a result that arrives before its id is known is kept until the id is.
 *
 * <p>Results and events arrive on the AWT event thread: callers must never wait on a result there.
 */
public final class DevToolsChannel implements AutoCloseable {
    /** A method's answer: {@code ok} false means the protocol returned an error (its JSON in {@code json}). */
    public record Result(boolean ok, String json) {}

    private final CefBrowser_N browser;
    private final Object lock = new Object();
    private final Map<Integer, CompletableFuture<Result>> waiting = new HashMap<>();
    private final Map<Integer, Result> early = new HashMap<>();
    private final List<BiConsumer<String, String>> eventListeners = new CopyOnWriteArrayList<>();
    private final CefRegistration registration;

    private DevToolsChannel(CefBrowser_N browser) {
        this.browser = browser;
        this.registration = browser.addDevToolsMessageObserver(new CefDevToolsMessageObserver() {
            @Override
            public void onDevToolsMethodResult(CefBrowser b, int messageId, boolean success, String result) {
                arrived(messageId, new Result(success, result));
            }

            @Override
            public void onDevToolsEvent(CefBrowser b, String method, String parameters) {
                eventListeners.forEach(l -> l.accept(method, parameters));
            }
        });
    }

    /** For a browser that exists (after {@code onAfterCreated} or its first load). */
    public static DevToolsChannel of(CefBrowser browser) {
        return new DevToolsChannel((CefBrowser_N) browser);
    }

    /** Calls a protocol method; the future completes with its result, from the AWT event thread. */
    public CompletableFuture<Result> call(String method, String paramsJson) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        browser.executeDevToolsMethod(method, paramsJson).whenComplete((id, error) -> {
            if (error != null || id == null || id <= 0) {
                result.completeExceptionally(new IllegalStateException("DevTools refused " + method
                        + (error == null ? "" : ": " + error.getMessage())));
                return;
            }
            Result already;
            synchronized (lock) {
                already = early.remove(id);
                if (already == null) {
                    waiting.put(id, result);
                }
            }
            if (already != null) {
                result.complete(already);
            }
        });
        return result;
    }

    /** Events such as {@code Page.loadEventFired}, as (method, parameters JSON). */
    public void onEvent(BiConsumer<String, String> listener) {
        eventListeners.add(listener);
    }

    private void arrived(int id, Result result) {
        CompletableFuture<Result> caller;
        synchronized (lock) {
            caller = waiting.remove(id);
            if (caller == null) {
                early.put(id, result);
            }
        }
        if (caller != null) {
            caller.complete(result);
        }
    }

    @Override
    public void close() {
        registration.dispose();
        synchronized (lock) {
            waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the browser closed")));
            waiting.clear();
            early.clear();
        }
    }
}
