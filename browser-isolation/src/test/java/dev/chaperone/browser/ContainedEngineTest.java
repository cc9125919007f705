package dev.chaperone.browser;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.browser.engine.Availability;
import dev.chaperone.browser.engine.ChromiumChildren;
import dev.chaperone.browser.engine.Containment;
import dev.chaperone.browser.engine.EngineSandbox;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.chaperone.browser.HostilePageTest.send;
import static dev.chaperone.browser.HostilePageTest.server;
import static dev.chaperone.browser.HostilePageTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine as a security reviewer checks it, from outside the processes: real Chromium (under
 * Xvfb) with a page open, every child of this JVM read from /proc. As root (CI) every child is in
 * bubblewrap; as an ordinary user Chromium's own sandbox holds the renderers as well (the app's
 * {@code ContainedEngineAsUserTest} checks that case with the real app). One ordered class because
 * Chromium starts once per process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainedEngineTest {
    static Path root;
    static Path secret;
    static Path assistantKey;
    static Path auditFile;
    static HttpServer site;
    static HttpServer helper;
    static BrowserRuntime runtime;
    static IsolatedBrowser browser;
    static ActionGate gate;
    static SqliteAuditLog audit;
    static Availability available;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("chaperone-contained");
        // What a renderer exploit wants: a file in the person's home, the assistant's key, the audit.
        secret = Files.writeString(Path.of(System.getProperty("user.home")).resolve(".chaperone-test-" + root.getFileName()),
                "the person's secret");
        assistantKey = Files.writeString(Files.createDirectories(root.resolve("data/keys")).resolve("assistant.jwk"), "{}");
        auditFile = root.resolve("data/audit.db");
        // A read-only helper on another site (localhost is not 127.0.0.1's site), framed by the task's page.
        helper = server(ex -> send(ex, 200, "text/html", "<p>status: fine</p>"));
        Origin helperSite = Origin.parse("http://localhost:" + helper.getAddress().getPort());
        site = server(ex -> send(ex, 200, "text/html", "<title>contained</title><p id=p>hello</p>"
                + ("/framed".equals(ex.getRequestURI().getPath()) ? "<iframe id=status src='" + helperSite + "/'></iframe>" : "")));
        Origin allowed = Origin.parse("http://127.0.0.1:" + site.getAddress().getPort());
        Task task = new Task("t", "Test task", allowed, allowed.toString(), java.util.Optional.empty(), Set.of("read"),
                List.of(helperSite));
        Attribution who = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-t", "A"), task, "s");
        audit = SqliteAuditLog.open(auditFile);
        AuditTrail trail = AuditTrail.forSession(audit, who);
        gate = ActionGate.standard(trail, () -> true, new DefaultPolicy(), ScriptedPrompt.always(false), Duration.ofSeconds(5));
        available = EngineSandbox.check();
        runtime = BrowserRuntime.start(Path.of("target/test-cache/jcef").toAbsolutePath(), root.resolve("profile"));
        browser = IsolatedBrowser.open(runtime, gate, (method, url) -> Map.of(), trail,
                new IsolatedBrowser.Settings(allowed + "/", 800, 600, root.resolve("downloads")),
                (w, h, dirty, pixels) -> { }, new BrowserListener() { });
        waitUntil("the page loaded", () -> browser.evaluate("document.getElementById('p').textContent")
                .get(10, TimeUnit.SECONDS).equals("hello"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (runtime != null) {
            runtime.shutdown();
        }
        gate.close();
        audit.close();
        site.stop(0);
        helper.stop(0);
        Files.deleteIfExists(secret);
        ProfileWiper.wipe(root);
    }

    @Test
    @Order(1)
    void theRuntimeSaysHowItsChildrenAreHeld() {
        assertTrue(available.osSandbox(), "bubblewrap runs on this machine: " + available.missing());
        Containment containment = runtime.containment();
        assertTrue(containment.contained(), containment.detail());
        assertEquals(available.chromiumSandbox() ? List.of(Containment.OS_SANDBOX, Containment.CHROMIUM_SANDBOX)
                : List.of(Containment.OS_SANDBOX), containment.layers());
    }

    @Test
    @Order(2)
    void everyChildIsContainedAndNoneSeesThePersonsFilesTheKeyOrTheAudit() throws Exception {
        ChromiumChildren children = ChromiumChildren.of(ProcessHandle.current().pid());
        // The checks could fail: this JVM sees all three files, and Chromium runs its usual children.
        List<Path> secrets = List.of(secret, assistantKey, auditFile);
        assertTrue(secrets.stream().allMatch(Files::exists));
        assertTrue(children.children().stream().anyMatch(ChromiumChildren.Child::isNetworkService), children.toString());
        assertTrue(children.children().stream().anyMatch(ChromiumChildren.Child::rendererZygoteOrRenderer), children.toString());
        ChromiumChildren.Child network = children.children().stream().filter(ChromiumChildren.Child::isNetworkService)
                .findFirst().orElseThrow();
        assertTrue(network.sees(root.resolve("profile")), "the network service keeps the session's profile");
        assertFalse(network.sees(root.resolve("data")), "and nothing beside it");

        assertEquals(List.of(), children.containmentProblems(secrets, available.chromiumSandbox()));
    }

    @Test
    @Order(3)
    void devicesAndHardwareApisAreNotThereForAPage() throws Exception {
        String seen = browser.evaluate("[typeof navigator.usb, typeof navigator.hid, typeof navigator.serial, "
                + "typeof navigator.bluetooth].join(',')").get(10, TimeUnit.SECONDS);
        assertEquals("undefined,undefined,undefined,undefined", seen, "usb, hid, serial, bluetooth");
        // WebGPU's object stays (Chromium will not take it away by switch), but there is no GPU behind it.
        browser.evaluate("navigator.gpu.requestAdapter().then(a => document.title = 'adapter ' + a, "
                + "e => document.title = 'adapter refused')");
        waitUntil("WebGPU answered", () -> browser.evaluate("document.title").get(10, TimeUnit.SECONDS).startsWith("adapter "));
        assertEquals("adapter null", browser.evaluate("document.title").get(10, TimeUnit.SECONDS));
        // V8 keeps its JIT unless IT says otherwise (JitlessEngineTest: with browser.jitless there is no WebAssembly).
        assertEquals("object", browser.evaluate("typeof WebAssembly").get(10, TimeUnit.SECONDS));
    }

    @Test
    @Order(4)
    void aFrameFromAnotherSiteRunsInAProcessOfItsOwn() throws Exception {
        int loads = browser.loadsFinished();
        browser.navigate("http://127.0.0.1:" + site.getAddress().getPort() + "/framed");
        waitUntil("the framed page loaded", () -> browser.loadsFinished() > loads && !browser.isLoading());
        // Out-of-process frames are DevTools targets of their own; a same-process frame is not.
        waitUntil("the helper's frame is a target of its own", () -> browser.devTools().call("Target.getTargets", "{}")
                .get(10, TimeUnit.SECONDS).json().contains("\"type\":\"iframe\""));
        String targets = browser.devTools().call("Target.getTargets", "{}").get(10, TimeUnit.SECONDS).json();
        assertTrue(targets.contains("localhost:" + helper.getAddress().getPort()), targets);
    }

    @Test
    @Order(5)
    void webRtcSendsNoUdpPastTheEgressProxy() throws Exception {
        // A STUN server on loopback: ICE gathering would send it a binding request over UDP.
        try (java.net.DatagramSocket stun = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            stun.setSoTimeout(1);
            assertEquals("started", browser.evaluate("(() => { const pc = window.pc = new RTCPeerConnection({iceServers: "
                    + "[{urls: 'stun:127.0.0.1:" + stun.getLocalPort() + "'}]}); pc.createDataChannel('x'); "
                    + "pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') document.title = "
                    + "'gathered ' + (pc.localDescription.sdp.match(/a=candidate/g) || []).length; }; "
                    + "pc.createOffer().then(o => pc.setLocalDescription(o)); return 'started'; })()").get(10, TimeUnit.SECONDS));
            // The page ran its gathering to the end: what it would send, it has sent.
            try {
                waitUntil("ICE gathering completed", () -> browser.evaluate("document.title").get(10, TimeUnit.SECONDS)
                        .startsWith("gathered "));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + browser.evaluate("document.title + ' ' + (window.pc && "
                        + "[pc.iceGatheringState, pc.signalingState, pc.localDescription && pc.localDescription.sdp].join(' | '))")
                        .get(10, TimeUnit.SECONDS), e);
            }
            java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[1500], 1500);
            try {
                stun.receive(packet);
                throw new AssertionError("a STUN request reached the server over UDP: " + packet.getLength() + " bytes");
            } catch (java.net.SocketTimeoutException none) {
                // Nothing came: no UDP left the page.
            }
            assertEquals("gathered 0", browser.evaluate("document.title").get(10, TimeUnit.SECONDS),
                    "no candidate of its own either (no host or server-reflexive UDP address)");
        }
    }

    @Test
    @Order(6)
    void aRendererKilledInsideTheSandboxIsReportedAsTheSessionsEnd() throws Exception {
        ChromiumChildren children = ChromiumChildren.of(ProcessHandle.current().pid());
        // The renderer is a leaf of the zygote's tree (the zygote and its helpers have children).
        List<ProcessHandle> renderers = children.children().stream()
                .filter(ChromiumChildren.Child::rendererZygoteOrRenderer)
                .map(c -> ProcessHandle.of(c.pid()).orElseThrow())
                .filter(p -> p.children().findAny().isEmpty())
                .toList();
        assertFalse(renderers.isEmpty(), children.toString());
        assertFalse(browser.whenCrashed().isDone());
        renderers.forEach(ProcessHandle::destroyForcibly);
        String how = browser.whenCrashed().get(20, TimeUnit.SECONDS);
        assertFalse(how.isBlank(), how);
    }
}
