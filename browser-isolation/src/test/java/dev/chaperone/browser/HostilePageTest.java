package dev.chaperone.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.DefaultPolicy;
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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Chromium (under Xvfb) against pages that try to get around the boundary: redirects that
 * would carry the token elsewhere, non-web schemes, popups, dialogs, and hostile file names.
 * One ordered class because Chromium starts once per process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostilePageTest {
    static final String TOKEN = "Bearer test-task-token";
    static Path root;
    static HttpServer site;
    static HttpServer elsewhere;
    static final Map<String, Optional<String>> elsewhereSaw = new ConcurrentHashMap<>();
    static final List<String> blocked = new CopyOnWriteArrayList<>();
    static final List<Path> saved = new CopyOnWriteArrayList<>();
    static final List<String> dialogs = new CopyOnWriteArrayList<>();
    static BrowserRuntime runtime;
    static IsolatedBrowser browser;
    static ActionGate gate;
    static SqliteAuditLog audit;
    static AuditTrail trail;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("chaperone-hostile");
        elsewhere = server(ex -> {
            elsewhereSaw.put(ex.getRequestURI().getPath(), Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")));
            send(ex, 200, "text/html", "<title>elsewhere</title><p>landed</p>");
        });
        String other = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
        site = server(ex -> {
            switch (ex.getRequestURI().getPath()) {
                case "/redirect" -> {
                    ex.getResponseHeaders().set("Location", other + "/landing");
                    send(ex, 302, "text/plain", "");
                }
                case "/evil-name" -> {
                    ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"../../.bashrc\"");
                    send(ex, 200, "application/octet-stream", "echo owned");
                }
                default -> send(ex, 200, "text/html", "<title>home</title><p id=p>home</p>"
                        + "<a id=pop target=_blank href='" + other + "/popup' style='display:block;width:200px;height:40px'>open</a>");
            }
        });
        Origin allowed = Origin.parse("http://127.0.0.1:" + site.getAddress().getPort());
        Task task = new Task("t", "Test task", allowed, allowed.toString(), Set.of("read"));
        Attribution who = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-t", "A"), task, "s");
        audit = SqliteAuditLog.open(root.resolve("audit.db"));
        trail = AuditTrail.forSession(audit, who);
        // Stands in for a person who allows every download, so what Chromium does with it can be checked.
        gate = ActionGate.standard(trail, () -> true, new DefaultPolicy(), ScriptedPrompt.always(true), Duration.ofSeconds(5));
        runtime = BrowserRuntime.start(Path.of("target/test-cache/jcef").toAbsolutePath(), root.resolve("profile"));
        browser = IsolatedBrowser.open(runtime, gate, (method, url) -> Origin.of(url.toString()).filter(allowed::equals).isPresent()
                        ? Map.of("Authorization", TOKEN) : Map.of(),
                trail, new IsolatedBrowser.Settings(allowed + "/", 800, 600, root.resolve("downloads")),
                (w, h, dirty, pixels) -> { }, new BrowserListener() {
                    @Override
                    public void onBlocked(AssistantAction action, Decision decision) {
                        blocked.add(action.kind() + " " + action.url());
                    }

                    @Override
                    public void onDialogSuppressed(String pageUrl) {
                        dialogs.add(pageUrl);
                    }

                    @Override
                    public void onDownloadSaved(Path file) {
                        saved.add(file);
                    }
                });
        waitUntil("the first page loaded", () -> browser.loadsFinished() > 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
            runtime.shutdown();
        }
        gate.close();
        audit.close();
        site.stop(0);
        elsewhere.stop(0);
        ProfileWiper.wipe(root);
    }

    @Test
    @Order(1)
    void theTokenDoesNotFollowARedirectToAnotherOrigin() throws Exception {
        browser.navigate(origin(site) + "/redirect");
        // The hop to another origin is refused outright (the egress guard); the token never gets the chance.
        waitUntil("the redirect hop was refused", () -> blocked.contains("NAVIGATE " + origin(elsewhere) + "/landing"));
        Thread.sleep(300);
        assertFalse(elsewhereSaw.containsKey("/landing"), "the page left the task's site: " + elsewhereSaw);
    }

    @Test
    @Order(2)
    void fileAndChromeSchemesAreBlocked() throws Exception {
        navigateAndWait(origin(site) + "/");
        // Navigations the browser itself is asked for (later: the assistant's MCP tools) meet the gate.
        browser.navigate("file:///etc/passwd");
        waitUntil("the gate blocked file:", () -> blocked.contains("NAVIGATE file:///etc/passwd"));
        browser.navigate("chrome://version");
        waitUntil("the gate blocked chrome:", () -> blocked.stream().anyMatch(b -> b.startsWith("NAVIGATE chrome://version")));
        // A page trying the same is refused by Chromium before any callback; either way it stays put.
        evaluate("(location.href='file:///etc/passwd', 1)");
        Thread.sleep(300);
        assertEquals("home", evaluate("document.getElementById('p').textContent"));
        assertTrue(browser.currentUrl().startsWith(origin(site)), browser.currentUrl());
    }

    @Test
    @Order(3)
    void aPopupOpensNoSecondView() throws Exception {
        navigateAndWait(origin(site) + "/");
        evaluate("(document.addEventListener('mousedown', function(){window.downs=(window.downs||0)+1}), 1)");
        clickAt(evaluate("(function(){var r=document.getElementById('pop').getBoundingClientRect();"
                + "return Math.round(r.x+r.width/2)+','+Math.round(r.y+r.height/2);})()"));
        waitUntil("the click reached the page", () -> "1".equals(evaluate("String(window.downs)")));
        // A popup, had one opened, would have requested its page by now.
        Thread.sleep(500);
        assertFalse(elsewhereSaw.containsKey("/popup"), "a popup window loaded its page");
        assertTrue(browser.currentUrl().startsWith(origin(site)), browser.currentUrl());
    }

    @Test
    @Order(4)
    void pageDialogsAreSuppressed() throws Exception {
        navigateAndWait(origin(site) + "/");
        // alert() would block the page if shown; it returns at once when suppressed.
        assertEquals("after", evaluate("(alert('Your session expired, enter your password'), 'after')"));
        assertEquals(1, dialogs.size(), dialogs.toString());
        assertTrue(dialogs.get(0).startsWith(origin(site)), dialogs.toString());
    }

    @Test
    @Order(5)
    void aDownloadCannotChooseWhereItLands() throws Exception {
        navigateAndWait(origin(site) + "/");
        evaluate("(location.href='/evil-name', 1)");
        waitUntil("the download was saved", () -> !saved.isEmpty());
        Path downloads = root.resolve("downloads");
        List<Path> files = filesUnder(downloads);
        assertEquals(1, files.size(), files.toString());
        Path file = files.get(0);
        assertEquals(downloads, file.getParent());
        assertFalse(file.getFileName().toString().startsWith("."), "saved as a hidden file: " + file);
        assertEquals("echo owned", Files.readString(file));
        assertFalse(Files.exists(root.resolve(".bashrc")));
    }

    @Test
    @Order(6)
    void aPageFiringThousandsOfDeniedRequestsLeavesAFewRowsWithAnExactCount() throws Exception {
        navigateAndWait(origin(site) + "/");
        int fired = 3000;
        evaluate("(function(){var ps=[];for(var i=0;i<" + fired + ";i++){ps.push(fetch('" + origin(elsewhere)
                + "/flood/'+i,{method:'POST',mode:'no-cors',body:'x'}));}"
                + "Promise.allSettled(ps).then(function(r){window.refused=r.filter(function(x){return x.status==='rejected'}).length;});"
                + "return 1;})()");
        waitUntil("every request was answered", () -> String.valueOf(fired).equals(evaluate("String(window.refused)")));
        assertTrue(elsewhereSaw.keySet().stream().noneMatch(p -> p.startsWith("/flood/")), "a denied request went out");
        // The per-window aggregate is written when its window closes (every few seconds).
        long[] individually = new long[1];
        long[] counted = new long[1];
        long[] aggregateRows = new long[1];
        waitUntil("the aggregate rows add up to every denied request", () -> {
            individually[0] = 0;
            counted[0] = 0;
            aggregateRows[0] = 0;
            try (dev.chaperone.audit.AuditFile file = dev.chaperone.audit.AuditFile.open(root.resolve("audit.db"))) {
                for (dev.chaperone.audit.AuditRow row : file.rows()) {
                    if (row.type().equals("ACTION_DECIDED") && row.event().contains("/flood/")) {
                        individually[0]++;
                    } else if (row.type().equals("DENIED_REQUESTS_AGGREGATED") && row.field("origin").equals(origin(elsewhere))) {
                        counted[0] += Long.parseLong(row.field("count"));
                        aggregateRows[0]++;
                    }
                }
            }
            return individually[0] + counted[0] == fired;
        });
        System.out.println("MEASURED " + fired + " denied requests -> " + individually[0] + " single rows + "
                + aggregateRows[0] + " aggregate rows counting " + counted[0]);
        assertTrue(individually[0] <= 10, individually[0] + " rows of single denials for one flood");
    }

    @Test
    @Order(7)
    void closingLetsGoOfTheProfileSoItCanBeWiped() throws Exception {
        browser.close();
        runtime.shutdown();
        assertTrue(browser.isClosed());
        assertTrue(runtime.isTerminated());
        ProfileWiper.WipeResult wiped = ProfileWiper.wipe(root.resolve("profile"));
        assertTrue(wiped.files() > 0, "Chromium wrote its profile where it was told to");
        assertFalse(Files.exists(root.resolve("profile")));
        browser = null;
    }

    // --- helpers -------------------------------------------------------------------------------

    static String origin(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void navigateAndWait(String url) throws Exception {
        int before = browser.loadsFinished();
        browser.navigate(url);
        waitUntil("loaded " + url, () -> browser.loadsFinished() > before);
    }

    /** A real left click at "x,y" in page coordinates, sent as input events (a user gesture). */
    static void clickAt(String xy) throws Exception {
        clickAt(browser, xy);
    }

    /**
     * The same, on a given browser: the person's own click in the view. A person clicks what they
     * see, so this waits for the page's first paint (Chromium drops input that comes before it).
     */
    static void clickAt(IsolatedBrowser browser, String xy) throws Exception {
        waitUntil("the page has painted", () -> browser.evaluate("String(performance.getEntriesByType('paint').length > 0)")
                .get(10, TimeUnit.SECONDS).equals("true"));
        String[] parts = xy.split(",");
        int x = Integer.parseInt(parts[0]);
        int y = Integer.parseInt(parts[1]);
        java.awt.Canvas source = new java.awt.Canvas();
        // Chromium wants the pointer over the element before the press, as a real mouse would be.
        for (int id : new int[]{java.awt.event.MouseEvent.MOUSE_MOVED, java.awt.event.MouseEvent.MOUSE_PRESSED,
                java.awt.event.MouseEvent.MOUSE_RELEASED}) {
            boolean moved = id == java.awt.event.MouseEvent.MOUSE_MOVED;
            java.awt.event.MouseEvent event = new java.awt.event.MouseEvent(source, id, System.currentTimeMillis(),
                    moved ? 0 : java.awt.event.InputEvent.BUTTON1_DOWN_MASK, x, y, moved ? 0 : 1, false,
                    moved ? java.awt.event.MouseEvent.NOBUTTON : java.awt.event.MouseEvent.BUTTON1);
            javax.swing.SwingUtilities.invokeLater(() -> browser.mouse(event));
        }
    }

    static String evaluate(String expression) throws Exception {
        return browser.evaluate(expression).get(10, TimeUnit.SECONDS);
    }

    static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception notYet) {
                // The page may be between documents; ask again.
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Timed out waiting until " + what);
    }

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    static HttpServer server(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                handler.handle(ex);
            }
        });
        server.start();
        return server;
    }

    static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
