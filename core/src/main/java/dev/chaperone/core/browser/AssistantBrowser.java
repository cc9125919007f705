package dev.chaperone.core.browser;

import dev.chaperone.core.gate.Initiator;

import java.util.List;

/**
 * The assistant's browser as the assistant may use it: every method is one action that passes the
 * gate before anything happens in the page, attributed to whoever asked ({@link Initiator}: an MCP
 * client's tool call). There is no method that acts around the gate.
 *
 * <p>Element references ({@code ref}) come from the latest {@link #snapshot}; a reference to an
 * element that is gone is refused with a message telling the caller to take a new snapshot.
 * Every failure is a {@link BrowserActionException} whose message the caller can act on.
 */
public interface AssistantBrowser {
    PageView navigate(Initiator by, String url);

    PageView back(Initiator by);

    PageView snapshot(Initiator by);

    /** @param element what the caller says the element is, for the person's prompt and the audit */
    PageView click(Initiator by, String ref, String element);

    PageView type(Initiator by, String ref, String element, String text, boolean submit);

    PageView pressKey(Initiator by, String key);

    Screenshot screenshot(Initiator by);

    List<String> tabs(Initiator by);

    PageView hover(Initiator by, String ref, String element);

    /** Chooses options of a list box by their value or visible text. */
    PageView selectOption(Initiator by, String ref, String element, List<String> values);

    /** Fills several fields, each as its type says (text, checkbox, radio, list box). */
    PageView fillForm(Initiator by, List<FormField> fields);

    /**
     * Waits until {@code text} appears or {@code textGone} disappears on the page, or for a time;
     * at most 30 seconds.
     */
    PageView waitFor(Initiator by, double seconds, String text, String textGone);

    /** The page's console messages of this session, at {@code level} or more severe (error, warning, info, debug). */
    List<String> consoleMessages(Initiator by, String level);

    /** The requests this session's page made, with the gate's verdict for those it blocked. */
    List<String> networkRequests(Initiator by);

    /** Page dialogs (alert, confirm, prompt) are dismissed before anyone sees them; says so. */
    PageView handleDialog(Initiator by, boolean accept, String promptText);

    /**
     * Gives the file chooser that the assistant's click opened these local files (absolute paths),
     * or closes it without files when {@code paths} is empty. Off in the default policy.
     */
    PageView fileUpload(Initiator by, List<String> paths);

    /** One form field: its name for people, its type, its ref from the snapshot, and the value. */
    record FormField(String name, String type, String ref, String value) {}

    /**
     * What the page looks like after an action: where it is, a fresh snapshot with refs, and what
     * waits for the assistant before the page goes on ({@code modal}: empty, or such as an open
     * file chooser).
     */
    record PageView(String url, String title, String snapshot, String modal) {
        public PageView(String url, String title, String snapshot) {
            this(url, title, snapshot, "");
        }
    }

    /** @param note says when the image was cut or parts were masked */
    record Screenshot(byte[] png, String note) {}
}
