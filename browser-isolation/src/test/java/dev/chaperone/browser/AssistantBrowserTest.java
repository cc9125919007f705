package dev.chaperone.browser;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.core.browser.AssistantBrowser.PageView;
import dev.chaperone.core.browser.BrowserActionException;
import dev.chaperone.core.gate.Initiator;
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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tools' view of the browser, on real Chromium (under Xvfb) through the DevTools protocol:
 * snapshots with refs, trusted clicks and typing, each asked of the gate as the tool call it is,
 * a risky click decided by the person before it happens. One ordered class: Chromium starts once
 * per process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssistantBrowserTest {
    static final Initiator TOOL = Initiator.tool("test-client", "browser_click");
    static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl";
    static HttpServer site;
    static final List<String> siteSaw = new CopyOnWriteArrayList<>();
    static final List<String> asked = new CopyOnWriteArrayList<>();
    static volatile boolean answer;
    static final java.util.concurrent.CountDownLatch slowImageMayGo = new java.util.concurrent.CountDownLatch(1);
    static TestBrowser session;
    static IsolatedBrowser browser;
    static SqliteAuditLog audit;
    static GatedAssistantBrowser tools;

    @BeforeAll
    static void start() throws Exception {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", ex -> {
            try (ex) {
                siteSaw.add(ex.getRequestMethod() + " " + ex.getRequestURI());
                String path = ex.getRequestURI().getPath();
                String body = switch (path) {
                    case "/inv/1" -> "<title>INV-1001</title><h1>Invoice INV-1001</h1><p>Northwind Traders, 1,200.00 EUR</p>";
                    case "/search" -> "<title>Search</title><p>Results for " + ex.getRequestURI().getQuery() + "</p>";
                    case "/slow" -> "<title>Slow</title><a href='/inv/1'>INV-1001</a><img src='/slow.png' alt='chart'>";
                    case "/slow.png" -> {
                        // Held until the test has taken its snapshot, so the page is still loading then.
                        try {
                            slowImageMayGo.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        yield "";
                    }
                    case "/marked" -> {
                        ex.getResponseHeaders().set("Data-Classification", "Restricted");
                        yield "<title>Marked</title>" + (ex.getRequestURI().getQuery() == null ? ""
                                : "<meta name=data-classification content=public>") + "<p>Payroll summary</p>";
                    }
                    case "/meta" -> "<title>Meta</title><meta name=data-classification content=\""
                            + ex.getRequestURI().getQuery() + "\"><p>Salaries</p>";
                    // Submits from a task of its own that keeps the page busy, as a slow page (or a busy machine) does.
                    case "/busy" -> "<title>Busy</title><form action='/search'><input name=q aria-label='Busy search'></form>"
                            + "<script>document.forms[0].addEventListener('submit',function(e){e.preventDefault();document.title='Submitting';"
                            + "setTimeout(function(){var t=Date.now();while(Date.now()-t<150){}e.target.submit();},0);});</script>";
                    case "/form" -> "<title>Form</title>"
                            + "<label>Status <select id=s onchange=\"document.getElementById('out').textContent='Chose '+this.value\">"
                            + "<option value=open>Open</option><option value=paid>Paid</option></select></label>"
                            + "<label><input type=checkbox id=c onchange=\"document.getElementById('out').textContent+=' checked='+this.checked\">"
                            + " Urgent</label><input aria-label=Note id=n>"
                            + "<p id=hov onmouseover=\"this.textContent='Hovered'\">Hover me</p><p id=out>Nothing yet</p>"
                            + "<script>console.error('boom " + JWT + "');setTimeout(function(){var p=document.createElement('p');"
                            + "p.textContent='Late text';document.body.appendChild(p);},600);</script>";
                    default -> "<title>Invoices</title><h1>Invoices</h1>"
                            + "<a href='/inv/1'>INV-1001</a>"
                            + "<form method=post action='/inv/1/delete'><button>Delete invoice INV-1001</button></form>"
                            + "<form action='/search'><input name=q aria-label='Search invoices'></form>"
                            + "<p>Debug: " + JWT + "</p>";
                };
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        });
        site.start();
        Origin origin = Origin.parse("http://127.0.0.1:" + site.getAddress().getPort());
        Task task = new Task("t", "Invoices", origin, origin.toString(), Set.of("read"));
        Attribution who = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-t", "A"), task,
                "Check the invoices", "s");
        // The person at the desktop prompt; each question is kept for the test.
        session = TestBrowser.start(who, new ScriptedPrompt(request -> {
            asked.add(request.action().label() + " | " + pages());
            return answer;
        }), "about:blank", new BrowserListener() { });
        browser = session.browser;
        audit = session.audit;
        tools = session.tools();
    }

    @AfterAll
    static void stop() throws Exception {
        session.close();
        site.stop(0);
    }

    /** Requests for pages, leaving out the favicon Chromium fetches on its own after a load. */
    static long pages() {
        return siteSaw.stream().filter(r -> !r.contains("/favicon.ico")).count();
    }

    static String origin() {
        return "http://127.0.0.1:" + site.getAddress().getPort();
    }

    static String ref(PageView view, String line) {
        Matcher m = Pattern.compile(Pattern.quote(line) + "(?: \\[[^]]*])*? \\[ref=(e\\d+)]").matcher(view.snapshot());
        assertTrue(m.find(), "no " + line + " in\n" + view.snapshot());
        return m.group(1);
    }

    @Test
    @Order(1)
    void theSnapshotListsTheElementsWithRefsAndMasksSecrets() {
        PageView view = tools.navigate(TOOL, origin() + "/");
        assertEquals(origin() + "/", view.url());
        assertEquals("Invoices", view.title());
        assertTrue(view.snapshot().contains("- heading \"Invoices\" [level=1] [ref=e"), view.snapshot());
        ref(view, "- link \"INV-1001\"");
        ref(view, "- button \"Delete invoice INV-1001\"");
        ref(view, "- textbox \"Search invoices\"");
        assertFalse(view.snapshot().contains(JWT), "a JWT-shaped secret on the page is masked");
        assertTrue(view.snapshot().contains("[secret masked]"), view.snapshot());
    }

    @Test
    @Order(2)
    void aSafeLinkIsClickedWithoutAskingAndTheNewPageComesBack() {
        PageView home = tools.navigate(TOOL, origin() + "/");
        int askedBefore = asked.size();
        PageView invoice = tools.click(TOOL, ref(home, "- link \"INV-1001\""), "INV-1001 link");
        assertEquals(origin() + "/inv/1", invoice.url());
        assertTrue(invoice.snapshot().contains("- heading \"Invoice INV-1001\""), invoice.snapshot());
        assertEquals(askedBefore, asked.size(), "a link that reads as safe needs nobody");
    }

    @Test
    @Order(3)
    void aRiskyClickWaitsForThePersonBeforeItHappensAndADenyLeavesTheSiteUntouched() {
        PageView home = tools.navigate(TOOL, origin() + "/");
        String delete = ref(home, "- button \"Delete invoice INV-1001\"");
        answer = false;
        long requestsBefore = pages();
        BrowserActionException denied = assertThrows(BrowserActionException.class,
                () -> tools.click(TOOL, delete, "the delete button"));
        assertEquals("The person denied: click button \"Delete invoice INV-1001\". Do not try it another way; "
                + "ask the person if it is needed.", denied.getMessage());
        assertEquals("button \"Delete invoice INV-1001\" | " + requestsBefore, asked.get(asked.size() - 1),
                "the person was asked before anything reached the site");
        assertEquals(requestsBefore, pages(), "the delete never reached the site");
        assertTrue(siteSaw.stream().noneMatch(r -> r.startsWith("POST")), siteSaw.toString());
    }

    @Test
    @Order(4)
    void typingAndSubmittingFillsTheFieldAsTrustedInput() {
        PageView home = tools.navigate(TOOL, origin() + "/");
        PageView results = tools.type(TOOL, ref(home, "- textbox \"Search invoices\""), "search box", "northwind", true);
        assertEquals("Search", results.title());
        assertTrue(siteSaw.contains("GET /search?q=northwind"), siteSaw.toString());
        PageView back = tools.back(TOOL);
        assertEquals(origin() + "/", back.url());
    }

    @Test
    @Order(4)
    void aSubmissionThePageStartsLaterFromABusyTaskIsWaitedFor() {
        PageView busy = tools.navigate(TOOL, origin() + "/busy");
        PageView results = tools.type(TOOL, ref(busy, "- textbox \"Busy search\""), "search box", "contoso", true);
        assertEquals("Search", results.title(), "the tool answers with the page the submission led to");
        assertEquals(origin() + "/search?q=contoso", results.url());
    }

    @Test
    @Order(5)
    void refsGoStaleWithTheirDocumentWhetherLoadedAfreshOrRestoredFromTheBackForwardCache() throws Exception {
        PageView home = tools.navigate(TOOL, origin() + "/");
        String link = ref(home, "- link \"INV-1001\"");
        // The page moves on without a tool (as the person's own click would): the snapshot is of a document gone.
        int loads = browser.loadsFinished();
        browser.navigate(origin() + "/inv/1");
        HostilePageTest.waitUntil("the invoice loaded", () -> browser.loadsFinished() > loads && !browser.isLoading());
        BrowserActionException gone = assertThrows(BrowserActionException.class, () -> tools.click(TOOL, link, "old link"));
        assertTrue(gone.getMessage().startsWith("The page has changed since the last snapshot"), gone.getMessage());
        String back = ref(tools.snapshot(TOOL), "- heading \"Invoice INV-1001\"");
        // Back to the list from Chromium's back-forward cache: no request, yet another document.
        long requests = pages();
        int before = browser.loadsFinished();
        JsonNodeHistory.back(browser);
        HostilePageTest.waitUntil("the list came back", () -> browser.loadsFinished() > before && !browser.isLoading());
        BrowserActionException restored = assertThrows(BrowserActionException.class, () -> tools.click(TOOL, back, "heading"));
        assertTrue(restored.getMessage().startsWith("The page has changed since the last snapshot"), restored.getMessage());
        assertEquals(requests, pages(), "the list came from the back-forward cache, not the site");
    }

    @Test
    @Order(5)
    void aSnapshotTakenWhileItsPageStillLoadsStaysGoodWhenTheLoadEnds() throws Exception {
        int loads = browser.loadsFinished();
        browser.navigate(origin() + "/slow");
        HostilePageTest.waitUntil("the page's text is there while its image still loads",
                () -> tools.snapshot(TOOL).snapshot().contains("link \"INV-1001\"") && browser.isLoading());
        PageView early = tools.snapshot(TOOL);
        assertTrue(browser.isLoading(), "the snapshot was taken before the load ended");
        slowImageMayGo.countDown();
        HostilePageTest.waitUntil("the load ended", () -> browser.loadsFinished() > loads && !browser.isLoading());
        PageView invoice = tools.click(TOOL, ref(early, "- link \"INV-1001\""), "invoice link");
        assertEquals("INV-1001", invoice.title(), "the same document: its refs still hold");
    }

    /** Goes back one entry through the DevTools protocol, as nothing of Chaperone's would. */
    private static final class JsonNodeHistory {
        static void back(IsolatedBrowser browser) throws Exception {
            com.fasterxml.jackson.databind.JsonNode history = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    browser.devTools().call("Page.getNavigationHistory", "{}").get(10, java.util.concurrent.TimeUnit.SECONDS).json());
            int previous = history.path("entries").get(history.path("currentIndex").asInt() - 1).path("id").asInt();
            browser.devTools().call("Page.navigateToHistoryEntry", "{\"entryId\":" + previous + "}")
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(5)
    void aStaleOrMadeUpRefIsRefusedWithWhatToDoNext() {
        PageView home = tools.navigate(TOOL, origin() + "/");
        String link = ref(home, "- link \"INV-1001\"");
        tools.navigate(TOOL, origin() + "/inv/1");
        long before = pages();
        BrowserActionException stale = assertThrows(BrowserActionException.class, () -> tools.click(TOOL, link, "old link"));
        assertTrue(stale.getMessage().contains("Take a new snapshot"), stale.getMessage());
        assertEquals(before, pages(), "nothing was clicked");
        BrowserActionException madeUp = assertThrows(BrowserActionException.class, () -> tools.click(TOOL, "button", "x"));
        assertTrue(madeUp.getMessage().contains("they look like e42"), madeUp.getMessage());
        BrowserActionException file = assertThrows(BrowserActionException.class, () -> tools.navigate(TOOL, "file:///etc/passwd"));
        assertTrue(file.getMessage().startsWith("Only web pages"), file.getMessage());
    }

    @Test
    @Order(6)
    void aScreenshotIsAPngAndEveryToolCallIsAuditedAsTheClientsCall() throws Exception {
        tools.navigate(TOOL, origin() + "/");
        dev.chaperone.core.browser.AssistantBrowser.Screenshot shot = tools.screenshot(TOOL);
        byte[] png = shot.png();
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(shot.note().contains("1 password field(s) or secret-shaped text painted over"), shot.note());
        // Where the page shows the JWT, the screenshot is black.
        String[] box = browser.evaluate("(function(){var p=document.querySelector('p');var r=document.createRange();"
                + "r.selectNodeContents(p);var b=r.getClientRects()[0];return Math.round(b.right-20)+','+Math.round(b.top+b.height/2);})()")
                .get(10, java.util.concurrent.TimeUnit.SECONDS).split(",");
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(0x000000, image.getRGB(Integer.parseInt(box[0]), Integer.parseInt(box[1])) & 0xFFFFFF,
                "the secret's pixels are painted over");
        List<AuditRow> rows = audit.rowsWritten();
        AuditRow deleteRow = rows.stream().filter(r -> r.type().equals("ACTION_DECIDED") && r.field("action.kind").equals("CLICK")
                && r.field("decision.outcome").equals("DENY")).findFirst().orElseThrow();
        assertEquals("ASSISTANT_TOOL", deleteRow.field("path.initiatedBy"));
        assertEquals("test-client", deleteRow.field("path.mcpClient"));
        assertEquals("browser_click", deleteRow.field("path.tool"));
        assertEquals("PERSON_DENIED", deleteRow.field("decision.code"));
    }

    @Test
    @Order(7)
    void theOtherToolsWorkThroughTheGateToo() {
        PageView form = tools.navigate(TOOL, origin() + "/form");
        PageView hovered = tools.hover(TOOL, ref(form, "- paragraph"), "hover target");
        assertTrue(hovered.snapshot().contains("Hovered"), hovered.snapshot());
        PageView chosen = tools.selectOption(TOOL, ref(hovered, "- combobox \"Status\""), "status", List.of("Paid"));
        assertTrue(chosen.snapshot().contains("Chose paid"), chosen.snapshot());
        PageView filled = tools.fillForm(TOOL, List.of(
                new dev.chaperone.core.browser.AssistantBrowser.FormField("Urgent", "checkbox", ref(chosen, "- checkbox \"Urgent\""), "true"),
                new dev.chaperone.core.browser.AssistantBrowser.FormField("Note", "textbox", ref(chosen, "- textbox \"Note\""), "call back")));
        assertTrue(filled.snapshot().contains("checked=true"), filled.snapshot());
        assertTrue(filled.snapshot().contains("- textbox \"Note\" [ref="), filled.snapshot());
        assertTrue(filled.snapshot().contains(": \"call back\""), filled.snapshot());
        assertTrue(tools.waitFor(TOOL, 0, "Late text", "").snapshot().contains("Late text"));
        List<String> console = tools.consoleMessages(TOOL, "error");
        assertTrue(console.stream().anyMatch(l -> l.startsWith("[error] boom [secret masked]")), console.toString());
        assertTrue(tools.networkRequests(TOOL).stream().anyMatch(r -> r.equals("[GET] " + origin() + "/form")),
                tools.networkRequests(TOOL).toString());
        BrowserActionException upload = assertThrows(BrowserActionException.class,
                () -> tools.fileUpload(Initiator.tool("test-client", "browser_file_upload"), List.of("/etc/passwd")));
        assertTrue(upload.getMessage().contains("Uploading files from this computer is off"), upload.getMessage());
        BrowserActionException dialog = assertThrows(BrowserActionException.class, () -> tools.handleDialog(TOOL, true, ""));
        assertTrue(dialog.getMessage().startsWith("There is no dialog to answer"), dialog.getMessage());
    }

    @Test
    @Order(8)
    void whatThePersonClicksInTheViewIsTheirsAndWhatAToolClicksIsTheTools() throws Exception {
        PageView home = tools.navigate(TOOL, origin() + "/");
        String xy = browser.evaluate("(function(){var r=document.querySelector('a').getBoundingClientRect();"
                + "return Math.round(r.x+r.width/2)+','+Math.round(r.y+r.height/2);})()").get(10, java.util.concurrent.TimeUnit.SECONDS);
        int before = browser.loadsFinished();
        HostilePageTest.clickAt(browser, xy);
        HostilePageTest.waitUntil("the person's click loaded the invoice", () -> browser.loadsFinished() > before
                && browser.currentUrl().endsWith("/inv/1"));
        tools.navigate(TOOL, origin() + "/");
        long navigationsBefore = navigationRowsTo("/inv/1").size();
        tools.click(TOOL, ref(tools.snapshot(TOOL), "- link \"INV-1001\""), "invoice link");
        // The click's navigation is decided and recorded on Chromium's thread; the tool may return before that.
        HostilePageTest.waitUntil("the audit holds the navigation the tool's click started",
                () -> navigationRowsTo("/inv/1").size() > navigationsBefore);
        List<String> initiators = navigationRowsTo("/inv/1").stream()
                .map(r -> r.field("path.initiatedBy")).toList();
        assertTrue(initiators.contains("PERSON"), "the person's own click is attributed to the person: " + initiators);
        assertTrue(initiators.contains("ASSISTANT_TOOL"), "the tool's click is attributed to the tool: " + initiators);
    }

    /** The committed rows of navigations to a URL ending in {@code suffix}, whoever started them. */
    private static List<AuditRow> navigationRowsTo(String suffix) {
        return audit.rowsWritten().stream()
                .filter(r -> r.type().equals("ACTION_DECIDED") && r.field("action.kind").equals("NAVIGATE")
                        && r.field("action.url").endsWith(suffix))
                .toList();
    }

    @Test
    @Order(9)
    void thePagesOwnMarkComesFromItsHeaderOrItsMetaTagTheHigherOfThemAndOnlyInTheLaddersWords() throws Exception {
        tools.navigate(TOOL, origin() + "/marked");
        HostilePageTest.waitUntil("the header's mark was read", () -> browser.pageSensitivity().equals(Optional.of("restricted")));
        tools.navigate(TOOL, origin() + "/meta?secret");
        HostilePageTest.waitUntil("the meta tag's mark was read", () -> browser.pageSensitivity().equals(Optional.of("secret")));
        tools.navigate(TOOL, origin() + "/marked?meta=public");
        HostilePageTest.waitUntil("the page read", () -> browser.pageSensitivity().isPresent());
        assertEquals(Optional.of("restricted"), browser.pageSensitivity(), "a lower meta tag does not lower the header's mark");
        tools.navigate(TOOL, origin() + "/meta?TOP%20SECRET!!");
        // The mark is read as the load ends; a script's round trip after it has come back once that read has.
        browser.evaluate("1").get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(Optional.empty(), browser.pageSensitivity(), "a word off the ladder is no mark, and the last page's is gone");
    }

    @Test
    @Order(10)
    void aCrashOfThePagesProcessIsReportedAndEveryLaterCallSaysSo() throws Exception {
        tools.navigate(TOOL, origin() + "/");
        browser.devTools().call("Page.crash", "{}");
        HostilePageTest.waitUntil("the crash was reported", () -> browser.whenCrashed().isDone());
        BrowserActionException after = assertThrows(BrowserActionException.class, () -> tools.snapshot(TOOL));
        assertTrue(after.getMessage().startsWith("Session ended: the page's process stopped"), after.getMessage());
    }
}
