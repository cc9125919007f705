package dev.chaperone.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaperone.core.browser.AssistantBrowser;
import dev.chaperone.core.browser.BrowserActionException;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.Initiator;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The assistant's browser for tools, through the Chrome DevTools Protocol: the snapshot from the
 * accessibility tree, clicks as trusted input events at the element's box, typing as inserted
 * text and key events. Each method asks the gate first, as the caller's tool call, and waits for
 * the person when the policy says so: a risky click is decided before it happens.
 */
public final class GatedAssistantBrowser implements AssistantBrowser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IsolatedBrowser browser;
    private final PageDriver page;
    private final ActionGate gate;
    private final Duration decisionTimeout;
    private volatile Snapshot last;

    /** The latest snapshot, with the count of documents the page had shown when it was taken. */
    private record Snapshot(AxSnapshot tree, int documents) {}

    /** @param promptTimeout how long the person has to answer; a decision waits a little longer at most */
    public GatedAssistantBrowser(IsolatedBrowser browser, ActionGate gate, Duration promptTimeout) {
        this.browser = browser;
        this.page = new PageDriver(browser);
        this.gate = gate;
        this.decisionTimeout = promptTimeout.plusSeconds(10);
    }

    @Override
    public PageView navigate(Initiator by, String url) {
        URI target;
        try {
            target = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new BrowserActionException("\"" + url + "\" is not a web address. Give a full URL such as https://example.com/page.");
        }
        if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
            throw new BrowserActionException("Only web pages (http or https) can be opened, not \"" + url + "\".");
        }
        pass(new AssistantAction(ActionKind.NAVIGATE, "GET", target.toString(), "", by));
        browser.toolNavigation(by, target.toString());
        page.loadAndWait(() -> browser.navigate(target.toString()));
        return view();
    }

    @Override
    public PageView back(Initiator by) {
        JsonNode history = page.cdp("Page.getNavigationHistory", "{}");
        int current = history.path("currentIndex").asInt();
        if (current <= 0) {
            throw new BrowserActionException("There is no earlier page to go back to.");
        }
        JsonNode previous = history.path("entries").get(current - 1);
        pass(new AssistantAction(ActionKind.NAVIGATE, "GET", previous.path("url").asText(), "back", by));
        browser.toolNavigation(by, previous.path("url").asText());
        page.loadAndWait(() -> page.cdp("Page.navigateToHistoryEntry", "{\"entryId\":" + previous.path("id").asInt() + "}"));
        return view();
    }

    @Override
    public PageView snapshot(Initiator by) {
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "read the page", by));
        return view();
    }

    @Override
    public PageView click(Initiator by, String ref, String element) {
        long node = nodeOf(ref);
        AxSnapshot.Element target = elementOf(ref, node);
        Decision decision = pass(new AssistantAction(ActionKind.CLICK, "GET", browser.currentUrl(), target.label(), by));
        // A click the person allowed (an export, say) may open its one page with the task's write access.
        return input(by, target.label(), decision.decidedBy() == DecidedBy.HUMAN, () -> page.clickAt(page.centreOf(ref, node)));
    }

    @Override
    public PageView type(Initiator by, String ref, String element, String text, boolean submit) {
        long node = nodeOf(ref);
        AxSnapshot.Element target = elementOf(ref, node);
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "type into " + target.label(), by));
        return input(by, "the field " + target.label(), () -> {
            page.cdp("DOM.focus", "{\"backendNodeId\":" + node + "}", ref);
            page.cdp("Input.insertText", JSON.createObjectNode().put("text", text).toString());
            if (submit) {
                page.dispatchKey("Enter");
            }
        });
    }

    @Override
    public PageView pressKey(Initiator by, String key) {
        if (!PageDriver.KEYS.containsKey(key) && key.codePointCount(0, key.length()) != 1) {
            throw new BrowserActionException("Unknown key \"" + key + "\". Use a single character or one of "
                    + String.join(", ", PageDriver.KEYS.keySet().stream().sorted().toList()) + ".");
        }
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "press the key " + key, by));
        return input(by, null, () -> page.dispatchKey(key));
    }

    @Override
    public Screenshot screenshot(Initiator by) {
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "take a screenshot", by));
        String boxes = page.isolatedEvaluate(ScreenshotMask.boxesScript());
        JsonNode shot = page.cdp("Page.captureScreenshot", "{\"format\":\"png\"}");
        try {
            ScreenshotMask.Masked masked = ScreenshotMask.apply(Base64.getDecoder().decode(shot.path("data").asText()), boxes);
            return new Screenshot(masked.png(), "The visible part of the page (untrusted page content)"
                    + (masked.notes().isEmpty() ? "." : "; " + String.join("; ", masked.notes()) + "."));
        } catch (IOException e) {
            throw new BrowserActionException("The screenshot could not be prepared: " + e.getMessage());
        }
    }

    @Override
    public List<String> tabs(Initiator by) {
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "list tabs", by));
        // One view only: popups and new windows are refused, so the assistant never has a second tab.
        return List.of(browser.currentUrl());
    }

    @Override
    public PageView hover(Initiator by, String ref, String element) {
        long node = nodeOf(ref);
        AxSnapshot.Element target = elementOf(ref, node);
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "hover over " + target.label(), by));
        return input(by, null, () -> {
            double[] point = page.centreOf(ref, node);
            page.cdp("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", "mouseMoved").put("x", point[0])
                    .put("y", point[1]).toString());
        });
    }

    @Override
    public PageView selectOption(Initiator by, String ref, String element, List<String> values) {
        long node = nodeOf(ref);
        AxSnapshot.Element target = elementOf(ref, node);
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "choose " + String.join(", ", values)
                + " in " + target.label(), by));
        return input(by, null, () -> page.choose(ref, node, values));
    }

    @Override
    public PageView fillForm(Initiator by, List<FormField> fields) {
        return input(by, null, () -> fields.forEach(field -> fill(by, field)));
    }

    /** One field of browser_fill_form, asked of the gate as what it does. */
    private void fill(Initiator by, FormField field) {
        long node = nodeOf(field.ref());
        AxSnapshot.Element target = elementOf(field.ref(), node);
        String verb = switch (field.type()) {
            case "checkbox", "radio" -> "set " + target.label() + " to " + field.value();
            case "combobox" -> "choose " + field.value() + " in " + target.label();
            default -> "type into " + target.label();
        };
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), verb, by));
        switch (field.type()) {
            case "checkbox", "radio" -> {
                boolean wanted = !field.value().equalsIgnoreCase("false");
                if (page.checked(field.ref(), node) != wanted) {
                    page.clickAt(page.centreOf(field.ref(), node));
                }
            }
            case "combobox" -> page.choose(field.ref(), node, List.of(field.value()));
            case "textbox" -> {
                page.cdp("DOM.focus", "{\"backendNodeId\":" + node + "}", field.ref());
                page.callOn(field.ref(), node, "function(){this.select&&this.select();}", List.of());
                page.cdp("Input.insertText", JSON.createObjectNode().put("text", field.value()).toString());
            }
            default -> throw new BrowserActionException("Chaperone cannot fill a field of type \"" + field.type()
                    + "\" yet; use textbox, checkbox, radio or combobox.");
        }
    }

    /**
     * Gives the page one input as the tool's ({@code element}: what it is on, when it names one),
     * then waits for what it set off: a page load, and any write held for the person, whose refusal
     * the tool reports. Every input tool goes through here, so none can miss a held write.
     */
    private PageView input(Initiator by, String element, Runnable send) {
        return input(by, element, false, send);
    }

    private PageView input(Initiator by, String element, boolean approvedByPerson, Runnable send) {
        browser.toolInput(by, element, approvedByPerson);
        IsolatedBrowser.WriteMark writes = browser.heldWritesMark();
        PageDriver.BeforeInput nav = page.beforeInput();
        send.run();
        page.settle(nav);
        reportHeldWrites(writes);
        return view();
    }

    @Override
    public PageView waitFor(Initiator by, double seconds, String text, String textGone) {
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "wait", by));
        long limit = Math.round(Math.min(30, seconds > 0 ? seconds : 30) * 1000);
        long deadline = System.currentTimeMillis() + limit;
        if (text.isEmpty() && textGone.isEmpty()) {
            PageDriver.sleep(limit);
            return view();
        }
        while (true) {
            PageView now = view();
            boolean appeared = text.isEmpty() || now.snapshot().contains(text);
            boolean gone = textGone.isEmpty() || !now.snapshot().contains(textGone);
            if (appeared && gone) {
                return now;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new BrowserActionException("Waited " + limit / 1000 + " seconds, but "
                        + (!appeared ? "\"" + text + "\" did not appear" : "\"" + textGone + "\" did not go away") + ".");
            }
            PageDriver.sleep(250);
        }
    }

    @Override
    public List<String> consoleMessages(Initiator by, String level) {
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "read the console", by));
        int wanted = severity(level);
        return browser.log().console().stream().filter(l -> severity(l.level()) >= wanted)
                .map(l -> "[" + l.level().replace("LOGSEVERITY_", "").toLowerCase(java.util.Locale.ROOT) + "] "
                        + AxSnapshot.mask(l.message()) + " @ " + l.source() + ":" + l.line())
                .toList();
    }

    @Override
    public List<String> networkRequests(Initiator by) {
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "list the network requests", by));
        return browser.log().requests();
    }

    @Override
    public PageView handleDialog(Initiator by, boolean accept, String promptText) {
        pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "answer a page dialog", by));
        throw new BrowserActionException("There is no dialog to answer: Chaperone dismisses page dialogs (alert, confirm, "
                + "prompt) before anyone sees them, so a page cannot imitate Chaperone's own questions.");
    }

    @Override
    public PageView fileUpload(Initiator by, List<String> paths) {
        FileChooser chooser = browser.fileChooser();
        if (paths.isEmpty()) {
            waitingChooser(chooser);
            pass(new AssistantAction(ActionKind.TOOL_CALL, "GET", browser.currentUrl(), "close the file chooser", by));
            chooser.cancel();
            return view();
        }
        List<LocalFile> files = paths.stream().map(LocalFile::of).toList();
        try {
            // Asked first, so that every attempt to take files off this computer is in the audit.
            pass(new AssistantAction(ActionKind.TOOL_CALL, "POST", browser.currentUrl(), "upload " + files.stream()
                    .map(LocalFile::describe).collect(java.util.stream.Collectors.joining(", ")) + " from this computer", by));
        } catch (BrowserActionException refused) {
            // Refused: the page sees its chooser cancelled rather than waiting for files forever.
            chooser.cancel();
            throw refused;
        }
        FileChooser.Open open = waitingChooser(chooser);
        if (files.size() > 1 && !open.multiple()) {
            throw new BrowserActionException("The page's file field takes one file, not " + files.size() + ".");
        }
        return input(by, null, () -> {
            if (!chooser.choose(open, files.stream().map(f -> f.path().toString()).toList())) {
                throw new BrowserActionException("The file chooser closed before the files were given (the page changed). "
                        + "Click the file field again.");
            }
        });
    }

    private static FileChooser.Open waitingChooser(FileChooser chooser) {
        return chooser.waiting().orElseThrow(() -> new BrowserActionException(
                "No file chooser is open. Click the page's file field (or its upload button) with browser_click first, "
                        + "then call browser_file_upload with the files."));
    }

    private static int severity(String level) {
        String l = level.toLowerCase(java.util.Locale.ROOT);
        if (l.contains("error") || l.contains("fatal")) {
            return 3;
        }
        if (l.contains("warn")) {
            return 2;
        }
        return l.contains("debug") || l.contains("verbose") ? 0 : 1;
    }

    /** Asks the gate as the caller's tool call; anything but allow is an error the caller can act on. */
    private Decision pass(AssistantAction action) {
        Decision decision;
        try {
            decision = gate.decideWaiting(action).get(decisionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BrowserActionException("No decision in time, so it was not done: " + describe(action) + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrowserActionException("Cancelled: " + describe(action) + ".");
        } catch (ExecutionException e) {
            throw new BrowserActionException("The safety check failed, so it was not done: " + describe(action) + ".");
        }
        if (!decision.isAllowed()) {
            throw refusal(action, decision, "");
        }
        return decision;
    }

    private static BrowserActionException refusal(AssistantAction action, Decision decision, String before) {
        String what = describe(action);
        return new BrowserActionException(before + switch (decision.decidedBy()) {
            case HUMAN -> "The person denied: " + what + ". Do not try it another way; ask the person if it is needed.";
            case TIMEOUT -> "Not approved in time; still pending: " + what + ". The person can still approve it in "
                    + "Chaperone's window; after they do, the same action goes through once if you try it again.";
            default -> "Not allowed: " + what + ". " + decision.reason();
        });
    }

    /**
     * A click or key can set off a write, which waits for the person (see {@link HeldRequests}).
     * The tool answers only once each such write is decided, and says so when one was refused, so
     * the assistant is never left to guess why nothing happened.
     */
    private void reportHeldWrites(IsolatedBrowser.WriteMark mark) {
        for (HeldRequests.Held write : browser.heldWritesSince(mark)) {
            Decision decision;
            try {
                decision = write.decided().get(decisionTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new BrowserActionException("Done, but no decision came in time about what it sends, so that was not sent: "
                        + describe(write.action()) + ".");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrowserActionException("Cancelled.");
            }
            if (!decision.isAllowed()) {
                throw refusal(write.action(), decision, "Done, but what it would send was not sent. ");
            }
        }
    }

    private static String describe(AssistantAction action) {
        if ((action.kind() == ActionKind.NAVIGATE || action.kind() == ActionKind.REQUEST) && !action.isSafeMethod()) {
            return "send " + action.method() + " " + action.url();
        }
        return switch (action.kind()) {
            case CLICK -> "click " + action.label();
            case NAVIGATE -> "open " + action.url();
            default -> action.label();
        };
    }

    private long nodeOf(String ref) {
        if (ref == null || !ref.matches("e\\d{1,18}")) {
            throw new BrowserActionException("\"" + ref + "\" is not an element reference from a snapshot (they look like e42). "
                    + "Take a snapshot and use a ref from it.");
        }
        return Long.parseLong(ref.substring(1));
    }

    /**
     * What the element is, as the page's accessibility tree said in the latest snapshot (not as the
     * caller describes it). Only refs of that snapshot, of the document still shown, are accepted:
     * Chromium keeps earlier pages in its back-forward cache, and a node there would still answer
     * with a box, at which a click would land on the current page.
     */
    private AxSnapshot.Element elementOf(String ref, long node) {
        Snapshot snapshot = last;
        if (snapshot == null || snapshot.documents() != page.documentsShownNow()) {
            throw new BrowserActionException("The page has changed since the last snapshot (a new page loaded). "
                    + "Take a new snapshot and use a ref from it.");
        }
        AxSnapshot.Element element = snapshot.tree().elements().get(ref);
        if (element == null) {
            throw new BrowserActionException("The element [ref=" + ref + "] is not in the current page's snapshot. "
                    + "Take a new snapshot and use a ref from it.");
        }
        return element;
    }

    private PageView view() {
        // Counted before the tree is read: a document that comes in between makes the snapshot
        // look older than it is (refused, safely), never the other way round.
        int documents = page.documentsShown();
        AxSnapshot snapshot = AxSnapshot.of(page.cdp("Accessibility.getFullAXTree", "{}"));
        last = new Snapshot(snapshot, documents);
        String modal = browser.fileChooser().waiting().isPresent()
                ? "[File chooser]: can be handled by the \"browser_file_upload\" tool" : "";
        return new PageView(browser.currentUrl(), snapshot.title(), snapshot.text(), modal);
    }

}
