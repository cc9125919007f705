package dev.chaperone.browser;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.browser.engine.EngineSettings;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.chaperone.browser.HostilePageTest.send;
import static dev.chaperone.browser.HostilePageTest.server;
import static dev.chaperone.browser.HostilePageTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * IT's {@code browser.jitless}: pages run V8 without its JIT compilers. V8 then offers no
 * WebAssembly, which a page can see ({@code ContainedEngineTest} sees it there without the
 * setting). Its own JVM, as Chromium starts once per process.
 */
class JitlessEngineTest {
    @Test
    void withJitlessAPageHasNoWebAssembly() throws Exception {
        Path root = Files.createTempDirectory("chaperone-jitless");
        HttpServer site = server(ex -> send(ex, 200, "text/html", "<title>jitless</title><p id=p>hello</p>"));
        Origin allowed = Origin.parse("http://127.0.0.1:" + site.getAddress().getPort());
        Task task = new Task("t", "Test task", allowed, allowed.toString(), Set.of("read"));
        Attribution who = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-t", "A"), task, "s");
        BrowserRuntime runtime = null;
        try (SqliteAuditLog audit = SqliteAuditLog.open(root.resolve("audit.db"))) {
            AuditTrail trail = AuditTrail.forSession(audit, who);
            ActionGate gate = ActionGate.standard(trail, () -> true, new DefaultPolicy(), ScriptedPrompt.always(false),
                    Duration.ofSeconds(5));
            runtime = BrowserRuntime.start(Path.of("target/test-cache/jcef").toAbsolutePath(), root.resolve("profile"),
                    new EngineSettings(false, Optional.empty(), true));
            IsolatedBrowser browser = IsolatedBrowser.open(runtime, gate, (method, url) -> Map.of(), trail,
                    new IsolatedBrowser.Settings(allowed + "/", 800, 600, root.resolve("downloads")),
                    (w, h, dirty, pixels) -> { }, new BrowserListener() { });
            waitUntil("the page loaded", () -> browser.evaluate("document.getElementById('p').textContent")
                    .get(10, TimeUnit.SECONDS).equals("hello"));
            assertEquals("undefined", browser.evaluate("typeof WebAssembly").get(10, TimeUnit.SECONDS));
            browser.close();
            gate.close();
        } finally {
            if (runtime != null) {
                runtime.shutdown();
            }
            site.stop(0);
            ProfileWiper.wipe(root);
        }
    }
}
