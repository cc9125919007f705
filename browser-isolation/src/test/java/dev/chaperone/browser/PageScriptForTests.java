package dev.chaperone.browser;

import java.util.concurrent.TimeUnit;

/**
 * For tests only: reads the assistant's page by script, to check what the page shows. The product
 * has no such door: its tools act through {@link GatedAssistantBrowser}, which asks the gate.
 */
public final class PageScriptForTests {
    private PageScriptForTests() {
    }

    public static String evaluate(IsolatedBrowser browser, String expression) throws Exception {
        return browser.evaluate(expression).get(10, TimeUnit.SECONDS);
    }

    /** Kills the page's process, as a renderer crash would (the DevTools protocol's Page.crash). */
    public static void crash(IsolatedBrowser browser) {
        browser.devTools().call("Page.crash", "{}");
    }
}
