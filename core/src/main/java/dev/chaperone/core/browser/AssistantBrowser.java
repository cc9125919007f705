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

    /** What the page looks like after an action: where it is, and a fresh snapshot with refs. */
    record PageView(String url, String title, String snapshot) {}

    /** @param note says when the image was cut or parts were masked */
    record Screenshot(byte[] png, String note) {}
}
