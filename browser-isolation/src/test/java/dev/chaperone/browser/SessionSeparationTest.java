package dev.chaperone.browser;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.gate.Policy;
import dev.chaperone.core.gate.ReasonCode;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks that follow one another in one Chromium share nothing: each session's browser has a fresh
 * in-memory context. The second session sends no cookie of the first, sees none of its storage,
 * fetches a cached file again, has none of its service workers and none of its HSTS entries.
 * (Chromium starts once per process, which is why sessions work this way.) Each case first shows
 * that the first session really had the thing, so that the second's lack of it means something.
 */
class SessionSeparationTest {
    private static final char[] STORE_PASSWORD = "test-only".toCharArray();
    // Chromium keeps no HSTS for localhost or an address, so the HSTS case needs a name of its own:
    // the egress proxy (in this JVM) resolves it through a hosts file of the test's.
    private static final String HOST = "hsts.chaperone.test";

    private static Path root;
    private static BrowserRuntime runtime;
    private static SqliteAuditLog audit;
    private static SSLContext tls;

    /** One Chromium for the class, trusting the test's own certificate (HSTS is kept only from a valid one). */
    @BeforeAll
    static void startChromium() throws Exception {
        root = Files.createTempDirectory("chaperone-separation");
        Path hosts = root.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost " + HOST + "\n");
        System.setProperty("jdk.net.hosts.file", hosts.toString());
        Path store = root.resolve("site.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "site", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + HOST,
                "-ext", "SAN=dns:" + HOST, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD)).redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), "keytool: " + said);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, STORE_PASSWORD);
        tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        String spki = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(keys.getCertificate("site").getPublicKey().getEncoded()));
        runtime = BrowserRuntime.start(Path.of("target/test-cache/jcef").toAbsolutePath(), root.resolve("chromium"), true,
                List.of("--ignore-certificate-errors-spki-list=" + spki));
        audit = SqliteAuditLog.open(root.resolve("audit.db"));
    }

    @AfterAll
    static void stopChromium() throws Exception {
        audit.close();
        runtime.shutdown();
        ProfileWiper.wipe(root);
    }

    @Test
    void noCookieStorageOrCacheOfTheFirstSessionReachesTheSecond() throws Exception {
        List<String> saw = new CopyOnWriteArrayList<>();
        HttpServer site = HostilePageTest.server(ex -> {
            String cookie = String.valueOf(ex.getRequestHeaders().getFirst("Cookie"));
            saw.add(ex.getRequestURI().getPath() + " cookie=" + cookie);
            boolean script = ex.getRequestURI().getPath().equals("/cached.js");
            if (script) {
                ex.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
            } else if (saw.size() == 1) {
                // Only the very first page sets it: whatever the second session has, it got from the first.
                ex.getResponseHeaders().add("Set-Cookie", "sid=first-session-secret; Path=/; Max-Age=3600");
            }
            HostilePageTest.send(ex, 200, script ? "text/javascript" : "text/html",
                    script ? "window.cachedLoaded = true;" : "<title>t</title><script src='/cached.js'></script><p>page</p>");
        });
        String origin = "http://127.0.0.1:" + site.getAddress().getPort();
        Task task = new Task("t", "T", Origin.parse(origin), origin, Set.of("read"));
        try {
            IsolatedBrowser first = open(task, new DefaultPolicy(), origin + "/", "s1", new CopyOnWriteArrayList<>());
            HostilePageTest.waitUntil("the first page loaded", () -> first.loadsFinished() > 0);
            first.evaluate("(localStorage.setItem('k','first'), sessionStorage.setItem('k','first'), 1)").get();
            HostilePageTest.waitUntil("the first session stored its data",
                    () -> "first".equals(first.evaluate("String(localStorage.getItem('k'))").get()));
            first.navigate(origin + "/again");
            HostilePageTest.waitUntil("the first session sent its cookie", () -> saw.contains("/again cookie=sid=first-session-secret"));
            long scriptFetches = saw.stream().filter(s -> s.startsWith("/cached.js")).count();
            first.close();

            IsolatedBrowser second = open(task, new DefaultPolicy(), origin + "/", "s2", new CopyOnWriteArrayList<>());
            HostilePageTest.waitUntil("the second page loaded", () -> second.loadsFinished() > 0);
            assertEquals("null null", second.evaluate("String(localStorage.getItem('k')) + ' ' + String(sessionStorage.getItem('k'))").get());
            assertEquals("", second.evaluate("document.cookie").get());
            assertTrue(saw.stream().filter(s -> s.startsWith("/ cookie=")).skip(1).allMatch(s -> s.equals("/ cookie=null")),
                    "the second session's first request carried a cookie: " + saw);
            assertEquals(scriptFetches + 1, saw.stream().filter(s -> s.startsWith("/cached.js")).count(),
                    "the second session fetched the cached script again: no shared HTTP cache");
            second.close();
        } finally {
            site.stop(0);
        }
    }

    /** IT's policy may let a site's service worker in; it still lives and dies with its session. */
    @Test
    void aServiceWorkerOfTheFirstSessionIsNotThereInTheSecond() throws Exception {
        List<String> probes = new CopyOnWriteArrayList<>();
        HttpServer site = HostilePageTest.server(ex -> {
            switch (ex.getRequestURI().getPath()) {
                case "/sw.js" -> HostilePageTest.send(ex, 200, "text/javascript",
                        "self.addEventListener('install', e => self.skipWaiting());"
                                + "self.addEventListener('activate', e => e.waitUntil(self.clients.claim()));"
                                + "self.addEventListener('fetch', e => { if (e.request.url.endsWith('/probe')) {"
                                + " e.respondWith(new Response('from-worker')); } });");
                case "/probe" -> {
                    probes.add("network");
                    HostilePageTest.send(ex, 200, "text/plain", "from-network");
                }
                default -> HostilePageTest.send(ex, 200, "text/html", "<title>t</title><p>page</p>");
            }
        });
        String origin = "http://127.0.0.1:" + site.getAddress().getPort();
        Task task = new Task("t", "T", Origin.parse(origin), origin, Set.of("read"));
        // The default policy refuses every service worker; here IT's policy lets all in.
        Policy lettingWorkersIn = (action, t) -> Decision.allow(DecidedBy.POLICY, ReasonCode.READ_ALLOWED, "the test's policy");
        String probe = "fetch('/probe').then(r => r.text()).then(t => window.probe = t, e => window.probe = 'failed: ' + e), 1";
        try {
            IsolatedBrowser first = open(task, lettingWorkersIn, origin + "/", "w1", new CopyOnWriteArrayList<>());
            HostilePageTest.waitUntil("the first page loaded", () -> first.loadsFinished() > 0);
            first.evaluate("navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)"
                    + ".then(() => window.worker = 'ready', e => window.worker = 'failed: ' + e), 1").get();
            HostilePageTest.waitUntil("the first session's worker controls its page",
                    () -> "ready true".equals(first.evaluate("String(window.worker) + ' ' + !!navigator.serviceWorker.controller").get()));
            first.evaluate(probe).get();
            HostilePageTest.waitUntil("the first session's worker answered its fetch",
                    () -> "from-worker".equals(first.evaluate("String(window.probe)").get()));
            first.close();

            IsolatedBrowser second = open(task, lettingWorkersIn, origin + "/", "w2", new CopyOnWriteArrayList<>());
            HostilePageTest.waitUntil("the second page loaded", () -> second.loadsFinished() > 0);
            second.evaluate("navigator.serviceWorker.getRegistrations().then(r => window.registrations = String(r.length)), 1").get();
            HostilePageTest.waitUntil("the second session counted its workers",
                    () -> !"undefined".equals(second.evaluate("String(window.registrations)").get()));
            assertEquals("0 false", second.evaluate("window.registrations + ' ' + !!navigator.serviceWorker.controller").get(),
                    "the second session has the first one's service worker");
            second.evaluate(probe).get();
            HostilePageTest.waitUntil("the second session's fetch answered",
                    () -> !"undefined".equals(second.evaluate("String(window.probe)").get()));
            assertEquals("from-network", second.evaluate("String(window.probe)").get());
            assertEquals(List.of("network"), probes, "only the second session's fetch reached the site");
            second.close();
        } finally {
            site.stop(0);
        }
    }

    /**
     * A site's Strict-Transport-Security seen in the first session turns that session's later
     * http:// visits to the host into https://; the second session goes to http:// as asked.
     */
    @Test
    void anHstsEntryOfTheFirstSessionIsNotThereInTheSecond() throws Exception {
        HttpsServer secure = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        secure.setHttpsConfigurator(new HttpsConfigurator(tls));
        secure.createContext("/", ex -> {
            try (ex) {
                ex.getResponseHeaders().set("Strict-Transport-Security", "max-age=3600");
                HostilePageTest.send(ex, 200, "text/html", "<title>secure</title><p>secure page</p>");
            }
        });
        List<String> plainSaw = new CopyOnWriteArrayList<>();
        HttpServer plain = HostilePageTest.server(ex -> {
            plainSaw.add(ex.getRequestURI().getPath());
            HostilePageTest.send(ex, 200, "text/html", "<title>plain</title><p>plain page</p>");
        });
        secure.start();
        String secureOrigin = "https://" + HOST + ":" + secure.getAddress().getPort();
        String plainOrigin = "http://" + HOST + ":" + plain.getAddress().getPort();
        String plainHostUpgraded = "https://" + HOST + ":" + plain.getAddress().getPort();
        Task task = new Task("t", "T", Origin.parse(secureOrigin), secureOrigin, Optional.empty(), Set.of("read"),
                List.of(Origin.parse(plainOrigin)));
        // Every navigation is let through and noted: an http address the browser turned into https shows here.
        List<String> navigated = new CopyOnWriteArrayList<>();
        Policy noting = (action, t) -> {
            if (action.kind() == dev.chaperone.core.gate.ActionKind.NAVIGATE) {
                navigated.add(action.url());
            }
            return Decision.allow(DecidedBy.POLICY, ReasonCode.READ_ALLOWED, "the test's policy");
        };
        try {
            IsolatedBrowser first = open(task, noting, secureOrigin + "/", "h1", new CopyOnWriteArrayList<>());
            HostilePageTest.waitUntil("the secure page loaded", () -> "secure".equals(first.evaluate("document.title").get()));
            first.navigate(plainOrigin + "/first");
            HostilePageTest.waitUntil("the first session turned http into https for the host",
                    () -> navigated.contains(plainHostUpgraded + "/first"));
            assertTrue(plainSaw.isEmpty(), "the first session reached http despite HSTS: " + plainSaw);
            first.close();

            IsolatedBrowser second = open(task, noting, plainOrigin + "/second", "h2", new CopyOnWriteArrayList<>());
            HostilePageTest.waitUntil("the second session reached http", () -> plainSaw.contains("/second"));
            assertTrue(navigated.stream().noneMatch(url -> url.equals(plainHostUpgraded + "/second")),
                    "the second session turned http into https: " + navigated);
            second.close();
        } finally {
            secure.stop(0);
            plain.stop(0);
        }
    }

    private static IsolatedBrowser open(Task task, Policy policy, String startUrl, String sessionId,
                                        List<AssistantAction> refused) {
        Attribution who = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("a", "A"), task, sessionId);
        AuditTrail trail = AuditTrail.forSession(audit, who);
        ActionGate gate = ActionGate.standard(trail, () -> true, policy, ScriptedPrompt.always(false), Duration.ofSeconds(1));
        return IsolatedBrowser.open(runtime, gate, (method, url) -> Map.of(), trail,
                new IsolatedBrowser.Settings(startUrl, 800, 600, root.resolve("downloads")), (w, h, dirty, pixels) -> { },
                new BrowserListener() {
                    @Override
                    public void onBlocked(AssistantAction action, Decision decision) {
                        refused.add(action);
                    }
                });
    }
}
