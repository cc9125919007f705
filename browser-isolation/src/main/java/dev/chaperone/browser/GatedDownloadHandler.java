package dev.chaperone.browser;

import dev.chaperone.core.files.PrivateFiles;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import org.cef.browser.CefBrowser;
import org.cef.callback.CefBeforeDownloadCallback;
import org.cef.callback.CefDownloadItem;
import org.cef.callback.CefDownloadItemCallback;
import org.cef.handler.CefDownloadHandlerAdapter;

import javax.swing.SwingUtilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every file the page wants to save waits for the gate. Allowed: saved to the downloads folder.
 * Denied (or nobody answered): cancelled through the item callback, so Chromium deletes its
 * partial file. A download is never "denied" by leaving Chromium's callback uncalled: its
 * finaliser would continue the download (see shared platform notes).
 */
final class GatedDownloadHandler extends CefDownloadHandlerAdapter {
    private final ActionGate gate;
    private final AuditTrail audit;
    private final Path downloadsDir;
    private final BrowserListener listener;
    private final Map<Integer, PendingDownload> downloads = new ConcurrentHashMap<>();

    /** State of one download; holds Chromium's callbacks so they are not finalised early. */
    private static final class PendingDownload {
        volatile CefDownloadItemCallback itemCallback;
        volatile CefBeforeDownloadCallback beforeCallback;
        volatile boolean denied;
        volatile boolean reported;
        volatile String fileName = "";
        volatile String denyReason = "";
    }
    private final java.util.function.Supplier<dev.chaperone.core.gate.Initiator> initiator;

    /** @param initiator whose input set the download off: the person's own click is theirs, not the assistant's */
    GatedDownloadHandler(ActionGate gate, AuditTrail audit, Path downloadsDir, BrowserListener listener,
                         java.util.function.Supplier<dev.chaperone.core.gate.Initiator> initiator) {
        this.initiator = initiator;
        this.gate = gate;
        this.audit = audit;
        this.downloadsDir = downloadsDir;
        this.listener = listener;
    }

    @Override
    public boolean onBeforeDownload(CefBrowser browser, CefDownloadItem item, String suggestedName,
                                    CefBeforeDownloadCallback callback) {
        PendingDownload download = downloads.computeIfAbsent(item.getId(), id -> new PendingDownload());
        download.beforeCallback = callback;
        download.fileName = safeFileName(suggestedName);
        AssistantAction action = AssistantAction.download(item.getURL(), download.fileName).by(initiator.get());
        gate.decideWaiting(action).whenComplete((decision, error) -> SwingUtilities.invokeLater(() -> {
            if (error == null && decision.isAllowed()) {
                allow(download, callback);
            } else {
                deny(download, decision == null ? "The safety check failed." : decision.reason());
            }
        }));
        return true;
    }

    private void allow(PendingDownload download, CefBeforeDownloadCallback callback) {
        try {
            PrivateFiles.directory(downloadsDir);
            callback.Continue(uniqueTarget(download.fileName).toString(), false);
        } catch (IOException e) {
            deny(download, "The downloads folder cannot be written: " + e.getMessage());
        }
    }

    private void deny(PendingDownload download, String reason) {
        download.denied = true;
        download.denyReason = reason;
        CefDownloadItemCallback item = download.itemCallback;
        if (item != null) {
            item.cancel();
        }
    }

    @Override
    public void onDownloadUpdated(CefBrowser browser, CefDownloadItem item, CefDownloadItemCallback callback) {
        PendingDownload download = downloads.computeIfAbsent(item.getId(), id -> new PendingDownload());
        download.itemCallback = callback;
        if (download.denied && item.isInProgress()) {
            callback.cancel();
        }
        if (download.reported) {
            return;
        }
        if (item.isComplete()) {
            download.reported = true;
            Path file = Path.of(item.getFullPath());
            audit.recordOrReport(new AuditEvent.DownloadCompleted(file.toString(), item.getURL(), item.getReceivedBytes()));
            listener.onDownloadSaved(file);
        } else if (item.isCanceled()) {
            download.reported = true;
            String reason = download.denied ? download.denyReason : "Cancelled.";
            audit.recordOrReport(new AuditEvent.DownloadCancelled(download.fileName, item.getURL(), reason));
            listener.onDownloadStopped(download.fileName, reason);
        }
    }


    private Path uniqueTarget(String fileName) {
        Path target = downloadsDir.resolve(fileName);
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        String ext = dot > 0 ? fileName.substring(dot) : "";
        for (int n = 1; Files.exists(target); n++) {
            target = downloadsDir.resolve(stem + " (" + n + ")" + ext);
        }
        return target;
    }

    /** The page chooses the name: keep only a plain file name, never a path. */
    static String safeFileName(String suggested) {
        String name = suggested == null ? "" : suggested.replaceAll("[\\p{Cntrl}/\\\\:]", "_").strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        return name.isEmpty() ? "download" : name;
    }
}
