package dev.chaperone.browser;

import dev.chaperone.core.gate.Initiator;
import org.cef.browser.CefBrowser;
import org.cef.callback.CefFileDialogCallback;
import org.cef.handler.CefDialogHandler;

import java.util.List;
import java.util.Optional;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The page's file chooser. Chromium asks here instead of showing a system dialog. A chooser that
 * an assistant's own click opened stays open for that assistant's {@code browser_file_upload},
 * which asks the gate first; every other one (the page's own script, the person's click in the
 * view, a folder or a "save as") is closed at once, so nothing on this computer is picked without
 * the gate.
 */
final class FileChooser implements CefDialogHandler {
    /** A chooser waiting for files: whether it takes several, what it accepts, who opened it. */
    record Open(boolean multiple, List<String> accepts, Initiator openedBy, CefFileDialogCallback answer) {}

    private final InputOrigin input;
    private final AtomicReference<Open> open = new AtomicReference<>();

    FileChooser(InputOrigin input) {
        this.input = input;
    }

    @Override
    public boolean onFileDialog(CefBrowser browser, FileDialogMode mode, String title, String defaultFilePath,
                                Vector<String> acceptFilters, Vector<String> acceptExtensions,
                                Vector<String> acceptDescriptions, CefFileDialogCallback callback) {
        Initiator by = input.recentOrBrowser();
        boolean opensFiles = mode == FileDialogMode.FILE_DIALOG_OPEN || mode == FileDialogMode.FILE_DIALOG_OPEN_MULTIPLE;
        if (by.kind() != Initiator.Kind.ASSISTANT_TOOL || !opensFiles) {
            callback.Cancel();
            return true;
        }
        Open previous = open.getAndSet(new Open(mode == FileDialogMode.FILE_DIALOG_OPEN_MULTIPLE,
                List.copyOf(acceptFilters == null ? List.of() : acceptFilters), by, callback));
        if (previous != null) {
            previous.answer().Cancel();
        }
        return true;
    }

    /** The chooser waiting for files, if one is. */
    Optional<Open> waiting() {
        return Optional.ofNullable(open.get());
    }

    /** Gives the waiting chooser these files (absolute paths); false if none was waiting any more. */
    boolean choose(Open chooser, List<String> files) {
        if (!open.compareAndSet(chooser, null)) {
            return false;
        }
        chooser.answer().Continue(new Vector<>(files));
        return true;
    }

    /** Closes a waiting chooser without files: refused, cancelled, or the session is ending. */
    void cancel() {
        Open chooser = open.getAndSet(null);
        if (chooser != null) {
            chooser.answer().Cancel();
        }
    }
}
