package dev.chaperone.browser;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.core.browser.AssistantBrowser.PageView;
import dev.chaperone.core.browser.BrowserActionException;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.gate.Policy;
import dev.chaperone.core.gate.ReasonCode;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code browser_file_upload} in real Chromium: a file chooser opened by the assistant's click
 * waits for the tool, which asks the gate; the files reach the page only when the policy allows
 * it (IT's policy here, which lets uploads through), a refusal cancels the chooser, and a chooser
 * the person's own click opens is closed at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileUploadTest {
    static final Initiator CLICK = Initiator.tool("test-client", "browser_click");
    static final Initiator UPLOAD = Initiator.tool("test-client", "browser_file_upload");
    /** Whether IT's policy allows uploads: the built-in one does not. */
    static final AtomicBoolean itAllowsUploads = new AtomicBoolean();
    static HttpServer site;
    static TestBrowser session;
    static GatedAssistantBrowser tools;
    static Path file;

    @BeforeAll
    static void start() throws Exception {
        String body = "<title>Upload</title><label>Receipt <input type=file id=f></label><p id=out>No file</p>"
                + "<button onclick=\"document.getElementById('f').click()\">Open by script</button>"
                + "<script>var f=document.getElementById('f'),out=document.getElementById('out');"
                + "f.addEventListener('cancel',function(){out.textContent='Chooser cancelled';});"
                + "f.addEventListener('change',function(){var r=new FileReader();r.onload=function(){"
                + "out.textContent='Got '+f.files[0].name+': '+r.result;};r.readAsText(f.files[0]);});</script>";
        site = HostilePageTest.server(ex -> HostilePageTest.send(ex, 200, "text/html; charset=utf-8", body));
        Origin origin = Origin.parse("http://127.0.0.1:" + site.getAddress().getPort());
        Task task = new Task("t", "Receipts", origin, origin.toString(), Set.of("read"));
        Attribution who = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-t", "A"), task,
                "File the receipt", "s");
        Policy builtIn = new DefaultPolicy();
        Policy policy = (action, t) -> itAllowsUploads.get() && action.initiator().tool().equals("browser_file_upload")
                ? Decision.allow(DecidedBy.POLICY, ReasonCode.POLICY_RULE, "IT's policy allows uploads.")
                : builtIn.evaluate(action, t);
        session = TestBrowser.startWithPolicy(who, new ScriptedPrompt(request -> false), policy, "about:blank", new BrowserListener() { });
        tools = session.tools();
        file = Files.createTempFile("receipt", ".txt");
        Files.writeString(file, "Receipt 42: 12.50 EUR");
    }

    @AfterAll
    static void stop() throws Exception {
        session.close();
        site.stop(0);
        Files.deleteIfExists(file);
    }

    static String url() {
        return "http://127.0.0.1:" + site.getAddress().getPort() + "/";
    }

    static PageView openChooser() {
        PageView page = tools.navigate(CLICK, url());
        PageView clicked = tools.click(CLICK, AssistantBrowserTest.ref(page, "- button \"Receipt\""), "Receipt field");
        assertEquals("[File chooser]: can be handled by the \"browser_file_upload\" tool", clicked.modal(), clicked.snapshot());
        return clicked;
    }

    @Test
    @Order(1)
    void theBuiltInPolicyRefusesTheUploadAndThePageSeesItsChooserCancelled() throws Exception {
        openChooser();
        BrowserActionException refused = assertThrows(BrowserActionException.class,
                () -> tools.fileUpload(UPLOAD, List.of(file.toString())));
        assertTrue(refused.getMessage().contains("Uploading files from this computer is off"), refused.getMessage());
        HostilePageTest.waitUntil("the page saw its chooser cancelled", () -> text().equals("Chooser cancelled"));
        assertEquals("", tools.snapshot(CLICK).modal(), "no chooser waits any more");
    }

    @Test
    @Order(2)
    void withoutAnOpenChooserOrWithABadPathTheToolSaysWhatToDo() {
        itAllowsUploads.set(true);
        try {
            withoutAChooserOrWithABadPath();
        } finally {
            itAllowsUploads.set(false);
        }
    }

    private static void withoutAChooserOrWithABadPath() {
        tools.navigate(CLICK, url());
        BrowserActionException none = assertThrows(BrowserActionException.class,
                () -> tools.fileUpload(UPLOAD, List.of(file.toString())));
        assertTrue(none.getMessage().startsWith("No file chooser is open. Click the page's file field"), none.getMessage());
        openChooser();
        BrowserActionException relative = assertThrows(BrowserActionException.class,
                () -> tools.fileUpload(UPLOAD, List.of("receipt.txt")));
        assertTrue(relative.getMessage().startsWith("Give the full path"), relative.getMessage());
        BrowserActionException missing = assertThrows(BrowserActionException.class,
                () -> tools.fileUpload(UPLOAD, List.of(file + ".missing")));
        assertTrue(missing.getMessage().startsWith("There is no readable file at"), missing.getMessage());
        BrowserActionException two = assertThrows(BrowserActionException.class,
                () -> tools.fileUpload(UPLOAD, List.of(file.toString(), file.toString())));
        assertTrue(two.getMessage().contains("takes one file, not 2"), two.getMessage());
        assertEquals("[File chooser]: can be handled by the \"browser_file_upload\" tool", tools.snapshot(CLICK).modal(),
                "a mistake in the arguments leaves the chooser open for a corrected call");
    }

    @Test
    @Order(3)
    void whenItsPolicyAllowsItTheFileReachesThePageAndTheAuditSaysWhichFile() throws Exception {
        itAllowsUploads.set(true);
        try {
            openChooser();
            PageView uploaded = tools.fileUpload(UPLOAD, List.of(file.toString()));
            assertEquals("", uploaded.modal());
            try {
                HostilePageTest.waitUntil("the page read the file", () -> text().equals("Got " + file.getFileName()
                        + ": Receipt 42: 12.50 EUR"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the page says: " + text() + "; " + uploaded.snapshot(), e);
            }
            String label = "upload " + file.toRealPath() + " (21 bytes) from this computer";
            assertTrue(session.audit.rowsWritten().stream().anyMatch(r -> r.type().equals("ACTION_DECIDED")
                    && r.field("action.label").contains(label)
                    && r.field("decision.outcome").equals("ALLOW")), "the audit names the file the assistant uploaded");
        } finally {
            itAllowsUploads.set(false);
        }
    }

    @Test
    @Order(4)
    void aChooserThePersonOpensInTheViewIsClosedAtOnce() throws Exception {
        itAllowsUploads.set(true);
        try {
            tools.navigate(CLICK, url());
            // The person's own click: the page opens its chooser from it, and nobody's upload tool may fill it.
            HostilePageTest.clickAt(session.browser, centre("button"));
            HostilePageTest.waitUntil("the page saw its chooser cancelled", () -> text().equals("Chooser cancelled"));
            BrowserActionException none = assertThrows(BrowserActionException.class,
                    () -> tools.fileUpload(UPLOAD, List.of(file.toString())));
            assertTrue(none.getMessage().startsWith("No file chooser is open"), none.getMessage());
        } finally {
            itAllowsUploads.set(false);
        }
    }

    private static String centre(String selector) throws Exception {
        return session.browser.evaluate("(function(){var r=document.querySelector('" + selector + "').getBoundingClientRect();"
                + "return Math.round(r.x+r.width/2)+','+Math.round(r.y+r.height/2);})()").get(10, TimeUnit.SECONDS);
    }

    private static String text() {
        try {
            return session.browser.evaluate("document.getElementById('out').textContent").get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "";
        }
    }
}
