package dev.chaperone.browser;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks that follow one another in one Chromium share nothing: the second session's browser, in a
 * fresh in-memory context, sends no cookie of the first, sees none of its storage and fetches a
 * cached file again. (Chromium starts once per process, which is why sessions work this way.)
 */
class SessionSeparationTest {
    @Test
    void asecondSessionSeesNothingOfTheFirst() throws Exception {
        Path root = Files.createTempDirectory("chaperone-separation");
        List<String> saw = new CopyOnWriteArrayList<>();
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", ex -> {
            try (ex) {
                String cookie = String.valueOf(ex.getRequestHeaders().getFirst("Cookie"));
                saw.add(ex.getRequestURI().getPath() + " cookie=" + cookie);
                boolean script = ex.getRequestURI().getPath().equals("/cached.js");
                byte[] body = (script ? "window.cachedLoaded = true;"
                        : "<title>t</title><script src='/cached.js'></script><p>page</p>").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", script ? "text/javascript" : "text/html");
                if (script) {
                    ex.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
                } else if (saw.size() == 1) {
                    // Only the very first page sets it: whatever the second session has, it got from the first.
                    ex.getResponseHeaders().add("Set-Cookie", "sid=first-session-secret; Path=/; Max-Age=3600");
                }
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        site.start();
        String origin = "http://127.0.0.1:" + site.getAddress().getPort();
        BrowserRuntime runtime = BrowserRuntime.start(Path.of("target/test-cache/jcef").toAbsolutePath(), root.resolve("chromium"));
        try (SqliteAuditLog audit = SqliteAuditLog.open(root.resolve("audit.db"))) {
            IsolatedBrowser first = open(runtime, audit, origin, "s1", root);
            HostilePageTest.waitUntil("the first page loaded", () -> first.loadsFinished() > 0);
            first.evaluate("(localStorage.setItem('k','first'), sessionStorage.setItem('k','first'), 1)").get();
            HostilePageTest.waitUntil("the first session stored its data",
                    () -> "first".equals(first.evaluate("String(localStorage.getItem('k'))").get()));
            first.navigate(origin + "/again");
            HostilePageTest.waitUntil("the first session sent its cookie", () -> saw.contains("/again cookie=sid=first-session-secret"));
            long scriptFetches = saw.stream().filter(s -> s.startsWith("/cached.js")).count();
            first.close();

            IsolatedBrowser second = open(runtime, audit, origin, "s2", root);
            HostilePageTest.waitUntil("the second page loaded", () -> second.loadsFinished() > 0);
            assertEquals("null null", second.evaluate("String(localStorage.getItem('k')) + ' ' + String(sessionStorage.getItem('k'))").get());
            assertEquals("", second.evaluate("document.cookie").get());
            assertTrue(saw.stream().filter(s -> s.startsWith("/ cookie=")).skip(1).allMatch(s -> s.equals("/ cookie=null")),
                    "the second session's first request carried a cookie: " + saw);
            assertEquals(scriptFetches + 1, saw.stream().filter(s -> s.startsWith("/cached.js")).count(),
                    "the second session fetched the cached script again: no shared HTTP cache");
            second.close();
        } finally {
            runtime.shutdown();
            site.stop(0);
            ProfileWiper.wipe(root);
        }
    }

    private static IsolatedBrowser open(BrowserRuntime runtime, SqliteAuditLog audit, String origin, String sessionId, Path root) {
        Origin site = Origin.parse(origin);
        Attribution who = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("a", "A"),
                new Task("t", "T", site, origin, Set.of("read")), sessionId);
        AuditTrail trail = AuditTrail.forSession(audit, who);
        ActionGate gate = ActionGate.standard(trail, () -> true, new DefaultPolicy(), ScriptedPrompt.always(false),
                Duration.ofSeconds(1));
        return IsolatedBrowser.open(runtime, gate, (method, url) -> Map.of(), trail,
                new IsolatedBrowser.Settings(origin + "/", 800, 600, root.resolve("downloads")), (w, h, dirty, pixels) -> { },
                new BrowserListener() { });
    }
}
