package dev.chaperone.app.session;

import dev.chaperone.browser.BrowserListener;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.session.EndReason;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Passes the browser's reports on to the window, and ends the session when the page's process dies. */
final class EndOnCrash implements BrowserListener {
    private final BrowserListener window;
    private final Consumer<EndReason> end;

    EndOnCrash(BrowserListener window, Consumer<EndReason> end) {
        this.window = window;
        this.end = end;
    }

    @Override
    public void onBrowserCrashed(String why) {
        window.onBrowserCrashed(why);
        end.accept(EndReason.BROWSER_CRASHED);
    }

    @Override
    public void onAddressChange(String url) {
        window.onAddressChange(url);
    }

    @Override
    public void onLoadEnd(String url, int httpStatus) {
        window.onLoadEnd(url, httpStatus);
    }

    @Override
    public void onBlocked(AssistantAction action, Decision decision) {
        window.onBlocked(action, decision);
    }

    @Override
    public void onDialogSuppressed(String pageUrl) {
        window.onDialogSuppressed(pageUrl);
    }

    @Override
    public void onDownloadSaved(Path file) {
        window.onDownloadSaved(file);
    }

    @Override
    public void onDownloadStopped(String fileName, String reason) {
        window.onDownloadStopped(fileName, reason);
    }
}
