package dev.chaperone.browser;

import org.cef.browser.CefBrowser;
import org.cef.browser.CefFrame;
import org.cef.browser.CefMessageRouter;
import org.cef.callback.CefQueryCallback;
import org.cef.handler.CefMessageRouterHandlerAdapter;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script in the page and brings its result back. Answers are matched by a random id per
 * call, so a page calling the same bridge cannot answer a question it was not asked. Nothing else
 * is reachable through it.
 */
final class PageScripts extends CefMessageRouterHandlerAdapter {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final CefMessageRouter router;

    PageScripts() {
        router = CefMessageRouter.create(this);
    }

    CefMessageRouter router() {
        return router;
    }

    CompletableFuture<String> evaluate(CefBrowser browser, String expression) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<String> result = new CompletableFuture<String>().orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(id, result);
        result.whenComplete((value, error) -> pending.remove(id));
        String script = "(function(){var r;try{r=String((function(){return (" + expression + ");})());}"
                + "catch(e){r='error: '+e;}window.cefQuery({request:'" + id + ":'+r,onSuccess:function(){},onFailure:function(){}});})();";
        browser.executeJavaScript(script, browser.getURL(), 0);
        return result;
    }

    @Override
    public boolean onQuery(CefBrowser browser, CefFrame frame, long queryId, String request, boolean persistent,
                           CefQueryCallback callback) {
        int colon = request.indexOf(':');
        CompletableFuture<String> waiting = colon < 0 ? null : pending.get(request.substring(0, colon));
        if (waiting == null) {
            callback.failure(404, "unknown");
            return true;
        }
        waiting.complete(request.substring(colon + 1));
        callback.success("");
        return true;
    }

    void dispose() {
        pending.values().forEach(f -> f.cancel(false));
        router.dispose();
    }
}
