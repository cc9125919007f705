package dev.chaperone.app.session;

import dev.chaperone.core.files.PrivateFiles;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.ScopedTaskCredentials;
import dev.chaperone.broker.client.TokenJournal;
import dev.chaperone.browser.BrowserListener;
import dev.chaperone.browser.BrowserRuntime;
import dev.chaperone.browser.GatedAssistantBrowser;
import dev.chaperone.browser.IsolatedBrowser;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditLog;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.audit.TokenFacts;
import dev.chaperone.core.concurrent.DaemonThreads;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.Policy;
import dev.chaperone.core.session.AssistantSession;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.session.TeardownReport;
import dev.chaperone.core.session.TeardownStep;
import dev.chaperone.core.token.TaskToken;
import org.cef.browser.OffscreenBrowser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one owner of a session's start and end. Start and every end trigger (lock, quit, signal,
 * renewal failure, a refused start) run on this supervisor's single thread, so they never race.
 * The three end steps (revoke, close, wipe) are registered before anything is obtained and act on
 * whatever exists by then: a token exchanged a moment before the browser failed to open is still
 * revoked, and a refused start ends through exactly the same audited path as a lock.
 */
public final class SessionSupervisor implements AutoCloseable {
    /** What a session needs from the running app, the same for every session. */
    /**
     * @param stopRuntimeAtEnd true when the app runs one session (the desktop mode): Chromium stops with it
     *                         and its root folder is wiped; false when sessions follow one another in one
     *                         Chromium (MCP), each in a fresh in-memory context of its own
     */
    public record Environment(BrowserRuntime runtime, Path runtimeRoot, boolean stopRuntimeAtEnd, AuditLog audit,
                              Policy policy, ApprovalPrompt prompt, Duration promptTimeout, Path downloadsDir,
                              OffscreenBrowser.FrameSink frames, BrowserListener listener, Consumer<Instant> onTokenRenewed) {
    }

    /** A session that runs, or the reason none could start. */
    public sealed interface Outcome permits Started, Refused {
    }

    public record Started(RunningSession session) implements Outcome {
    }

    public record Refused(String reason, TeardownReport cleanup) implements Outcome {
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            DaemonThreads.named("chaperone-session-supervisor"));
    private final Environment env;
    private volatile AssistantSession current;

    public SessionSupervisor(Environment env) {
        this.env = env;
    }

    /** Starts a session in its own directory; completes once it runs or was refused and cleaned up. */
    public CompletableFuture<Outcome> start(SessionPlan plan, String sessionId, Path sessionDir) {
        return CompletableFuture.supplyAsync(() -> startHere(plan, sessionId, sessionDir), thread);
    }

    /** Ends the running session (if any) through its ordered steps; every trigger comes here. */
    public CompletableFuture<Optional<TeardownReport>> end(EndReason reason) {
        return CompletableFuture.supplyAsync(() -> {
            AssistantSession session = current;
            return session == null ? Optional.<TeardownReport>empty() : Optional.of(session.end(reason));
        }, thread);
    }

    /**
     * The person left: the session refuses actions at once (on the caller's thread), the audit
     * records how it was seen, then the ordered end runs. A session still starting stops acting
     * now and ends as soon as its start is over.
     */
    public CompletableFuture<Optional<TeardownReport>> endBecauseLeft(EndReason reason, AuditEvent seen) {
        AssistantSession session = current;
        if (session == null || !session.isActive()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        session.stopActions(reason);
        session.audit().recordOrReport(seen);
        return end(reason);
    }

    private Outcome startHere(SessionPlan plan, String sessionId, Path sessionDir) {
        Attribution who = new Attribution(plan.human(), plan.assistant(), plan.task(), plan.intent(), sessionId);
        AuditTrail audit = AuditTrail.forSession(env.audit(), who);
        AssistantSession session = new AssistantSession(audit);
        current = session;
        AtomicReference<BrokerClient> broker = new AtomicReference<>();
        AtomicReference<ScopedTaskCredentials> credentials = new AtomicReference<>();
        AtomicReference<TokenRenewal> renewal = new AtomicReference<>();
        AtomicReference<ActionGate> gate = new AtomicReference<>();
        AtomicReference<IsolatedBrowser> browser = new AtomicReference<>();
        TokenJournal journal = TokenJournal.in(sessionDir);

        // Actions stop first by themselves: the session reports itself inactive from the moment
        // ending begins, and the gate's session step denies everything after that.
        session.onEnd(step("Deny the questions still open", () ->
                new AuditEvent.OpenQuestionsDenied(Optional.ofNullable(gate.get()).map(ActionGate::denyOpenQuestions).orElse(0L))));
        session.onEnd(step("Revoke the assistant's access", () -> {
            Optional.ofNullable(renewal.get()).ifPresent(TokenRenewal::close);
            Optional<TaskToken> token = Optional.ofNullable(credentials.get()).flatMap(ScopedTaskCredentials::clear);
            if (token.isEmpty()) {
                return new AuditEvent.TokenRevoked("none", "no token was obtained");
            }
            broker.get().revoke(token.get());
            return new AuditEvent.TokenRevoked(token.get().tokenId(), "");
        }));
        session.onEnd(step("Close the assistant's browser", () -> {
            Optional.ofNullable(gate.get()).ifPresent(ActionGate::close);
            if (browser.get() != null) {
                browser.get().close();
            }
            if (env.stopRuntimeAtEnd()) {
                env.runtime().shutdown();
            }
            return new AuditEvent.BrowserClosed(env.stopRuntimeAtEnd() && env.runtime().isTerminated());
        }));
        session.onEnd(step("Wipe the session's files", () -> {
            ProfileWiper.WipeResult wiped = ProfileWiper.wipe(sessionDir);
            if (env.stopRuntimeAtEnd()) {
                ProfileWiper.WipeResult root = ProfileWiper.wipe(env.runtimeRoot());
                return new AuditEvent.ProfileWiped(wiped.dir() + " and " + root.dir(), wiped.files() + root.files(),
                        wiped.bytes() + root.bytes());
            }
            return new AuditEvent.ProfileWiped(wiped.dir().toString(), wiped.files(), wiped.bytes());
        }));

        try {
            PrivateFiles.directory(sessionDir);
            broker.set(BrokerClient.discover(plan.broker(), plan.assistant(), plan.assistantKey(), plan.humanToken()));
            TaskToken token = broker.get().obtain(plan.human(), plan.task().forReading());
            credentials.set(broker.get().credentialsFor(plan.task().allowedOrigin(), token,
                    plan.task().forOneWrite().map(writing -> new WriteTokens(broker.get(), plan.human(), writing, journal,
                            plan.broker().issuer(), audit))));
            journal.record(plan.broker().issuer(), token.value());
            audit.recordDurably(new AuditEvent.TokenIssued(TokenFacts.of(token)));

            gate.set(ActionGate.standard(audit, session, env.policy(), env.prompt(), env.promptTimeout()));
            renewal.set(new TokenRenewal(session, broker.get(), credentials.get(), renewed -> {
                try {
                    journal.record(plan.broker().issuer(), renewed.value());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("the token journal cannot be written: " + e.getMessage(), e);
                }
                audit.recordDurably(new AuditEvent.TokenRenewed(TokenFacts.of(renewed)));
                env.onTokenRenewed().accept(renewed.expiresAt());
            }, failure -> {
                audit.recordOrReport(new AuditEvent.TokenRenewalFailed(failure));
                end(EndReason.TOKEN_EXPIRED);
            }));
            browser.set(IsolatedBrowser.open(env.runtime(), gate.get(), credentials.get(), audit,
                    new IsolatedBrowser.Settings(plan.task().allowedOrigin() + "/", 1200, 720, env.downloadsDir()),
                    env.frames(), env.listener()));
            browser.get().whenCrashed().thenRun(() -> end(EndReason.BROWSER_CRASHED));
            audit.recordDurably(new AuditEvent.SessionStarted(plan.task().allowedOrigin().toString(), plan.task().title(),
                    who.intent(), token.keyBound(), env.runtime().engine().describe(java.time.LocalDate.now()),
                    env.runtime().containment().summary() + ": " + env.runtime().containment().detail()));
            renewal.get().scheduleFor(token);
            return new Started(new RunningSession(session, browser.get(),
                    new GatedAssistantBrowser(browser.get(), gate.get(), env.promptTimeout()), gate.get().pending(), token.scopes(),
                    token.expiresAt()));
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            audit.recordOrReport(new AuditEvent.SessionRefused(reason));
            return new Refused(reason, session.end(EndReason.START_REFUSED));
        }
    }

    @FunctionalInterface
    private interface StepBody {
        AuditEvent run() throws Exception;
    }

    private static TeardownStep step(String name, StepBody body) {
        return new TeardownStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AuditEvent run() throws Exception {
                return body.run();
            }
        };
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
