package dev.chaperone.browser;

import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.gate.Policy;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.token.TaskCredentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One session's browser for a test class, the real parts started and stopped together: an audit
 * file, the gate (the Java rules, a scripted person), Chromium under Xvfb and the assistant's
 * browser. Chromium starts once per process, so a class holds one.
 */
final class TestBrowser implements AutoCloseable {
    final Path root;
    final SqliteAuditLog audit;
    final AuditTrail trail;
    final ActionGate gate;
    final BrowserRuntime runtime;
    final IsolatedBrowser browser;

    private TestBrowser(Path root, SqliteAuditLog audit, AuditTrail trail, ActionGate gate, BrowserRuntime runtime,
                        IsolatedBrowser browser) {
        this.root = root;
        this.audit = audit;
        this.trail = trail;
        this.gate = gate;
        this.runtime = runtime;
        this.browser = browser;
    }

    /** A browser with no task token, starting on {@code startUrl}. */
    static TestBrowser start(Attribution who, ApprovalPrompt person, String startUrl, BrowserListener listener) throws Exception {
        return start(who, person, (method, url) -> Map.of(), startUrl, listener);
    }

    /** A browser with no task token whose gate decides by {@code policy} instead of the built-in rules. */
    static TestBrowser startWithPolicy(Attribution who, ApprovalPrompt person, Policy policy, String startUrl,
                                       BrowserListener listener) throws Exception {
        return start(who, person, policy, (method, url) -> Map.of(), startUrl, listener);
    }

    static TestBrowser start(Attribution who, ApprovalPrompt person, TaskCredentials credentials, String startUrl,
                             BrowserListener listener) throws Exception {
        return start(who, person, new DefaultPolicy(), credentials, startUrl, listener);
    }

    private static TestBrowser start(Attribution who, ApprovalPrompt person, Policy policy, TaskCredentials credentials,
                                     String startUrl, BrowserListener listener) throws Exception {
        Path root = Files.createTempDirectory("chaperone-test-browser");
        SqliteAuditLog audit = SqliteAuditLog.open(root.resolve("audit.db"));
        AuditTrail trail = AuditTrail.forSession(audit, who);
        ActionGate gate = ActionGate.standard(trail, () -> true, policy, person, Duration.ofSeconds(5));
        BrowserRuntime runtime = BrowserRuntime.start(Path.of("target/test-cache/jcef").toAbsolutePath(), root.resolve("profile"));
        IsolatedBrowser browser = IsolatedBrowser.open(runtime, gate, credentials, trail,
                new IsolatedBrowser.Settings(startUrl, 1000, 700, root.resolve("downloads")), (w, h, dirty, pixels) -> { }, listener);
        HostilePageTest.waitUntil("the first page loaded", () -> browser.loadsFinished() > 0);
        return new TestBrowser(root, audit, trail, gate, runtime, browser);
    }

    /** The tools an MCP assistant uses, over this browser. */
    GatedAssistantBrowser tools() {
        return new GatedAssistantBrowser(browser, gate, Duration.ofSeconds(5));
    }

    @Override
    public void close() throws Exception {
        browser.close();
        runtime.shutdown();
        gate.close();
        audit.close();
        ProfileWiper.wipe(root);
    }
}
