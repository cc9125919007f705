package dev.chaperone.browser;

import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;

import java.nio.file.Path;

/** What the assistant's browser reports to the app. Called on Chromium's threads: hop before touching UI. */
public interface BrowserListener {
    default void onAddressChange(String url) {
    }

    default void onLoadEnd(String url, int httpStatus) {
    }

    /** The gate stopped something; the decision says why. */
    default void onBlocked(AssistantAction action, Decision decision) {
    }

    /**
     * The egress guard refused a connection (audited; Chromium's own background connections land
     * here too, so a window need not show each to the person).
     */
    default void onConnectionRefused(AssistantAction action, Decision decision) {
    }

    /** The page tried to open an alert, confirm or prompt dialog; it was not shown. */
    default void onDialogSuppressed(String pageUrl) {
    }

    default void onDownloadSaved(Path file) {
    }

    default void onDownloadStopped(String fileName, String reason) {
    }
}
