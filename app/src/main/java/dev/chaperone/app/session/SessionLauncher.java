package dev.chaperone.app.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.ScopedTaskCredentials;
import dev.chaperone.browser.BrowserListener;
import dev.chaperone.browser.BrowserRuntime;
import dev.chaperone.browser.IsolatedBrowser;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditEventType;
import dev.chaperone.core.audit.AuditLog;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.session.AssistantSession;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.session.TeardownStep;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TokenBrokerException;
import org.cef.browser.OffscreenBrowser;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts one assistant session, in this order: the assistant's identity, its task token from the
 * broker, the gate, the isolated browser; and registers the one ordered way to end it (revoke,
 * close, wipe). Any failure before the browser opens refuses the session: fail closed.
 */
public final class SessionLauncher {

    /** Everything a session needs from outside. */
    public record Inputs(Human human, AssistantIdentity assistant, ECKey assistantKey, Task task,
                         URI brokerMetadata, Supplier<String> humanToken, String sessionId, Path sessionDir,
                         Path downloadsDir, BrowserRuntime runtime, AuditLog audit, ApprovalPrompt prompt,
                         Duration promptTimeout, OffscreenBrowser.FrameSink frames, BrowserListener listener,
                         Consumer<Instant> onTokenRenewed) {
    }

    /** A session that runs, or the reason none could start. */
    public sealed interface Outcome permits Started, Refused {
    }

    public record Started(RunningSession session) implements Outcome {
    }

    public record Refused(String reason) implements Outcome {
    }

    private SessionLauncher() {
    }

    /** The assistant's client id is derived from its key, so it is stable for as long as the key is. */
    public static String clientIdFor(ECKey key) {
        try {
            return "assistant-" + key.computeThumbprint().toString().substring(0, 12);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot fingerprint the assistant's key", e);
        }
    }

    public static Outcome start(Inputs in) {
        Attribution who = new Attribution(in.human(), in.assistant(), in.task(), in.sessionId());
        BrokerClient broker;
        TaskToken token;
        try {
            broker = BrokerClient.discover(in.brokerMetadata(), in.assistant(), in.assistantKey(), in.humanToken());
            token = broker.obtain(in.human(), in.task());
        } catch (TokenBrokerException e) {
            in.audit().record(AuditEvent.of(AuditEventType.SESSION_REFUSED, who, Map.of("reason", e.getMessage())));
            return new Refused(e.getMessage());
        }
        AssistantSession session = new AssistantSession(who, in.audit());
        in.audit().record(AuditEvent.of(AuditEventType.SESSION_STARTED, who, Map.of(
                "task", in.task().title(), "origin", in.task().allowedOrigin().toString())));
        in.audit().record(tokenIssued(who, token, "exchanged"));

        ScopedTaskCredentials credentials = new ScopedTaskCredentials(in.task().allowedOrigin(), token, Clock.systemUTC());
        ActionGate gate = ActionGate.standard(who, session, in.audit(), new DefaultPolicy(), in.prompt(), in.promptTimeout());
        TokenRenewal renewal = new TokenRenewal(session, broker, credentials, in.audit(), in.onTokenRenewed());
        IsolatedBrowser browser = IsolatedBrowser.open(in.runtime(), gate, credentials, who, in.audit(),
                new IsolatedBrowser.Settings(in.task().allowedOrigin() + "/", 1200, 720, in.downloadsDir()),
                in.frames(), in.listener());

        session.onEnd(step("Revoke the assistant's access", AuditEventType.TOKEN_REVOKED, () -> {
            renewal.close();
            TaskToken current = credentials.clear().orElseThrow(() -> new IllegalStateException("no token to revoke"));
            broker.revoke(current);
            return Map.of("tokenId", current.tokenId());
        }));
        session.onEnd(step("Close the assistant's browser", AuditEventType.BROWSER_CLOSED, () -> {
            gate.close();
            browser.close();
            in.runtime().shutdown();
            return Map.of("chromiumStopped", Boolean.toString(in.runtime().isTerminated()));
        }));
        session.onEnd(step("Wipe the session's files", AuditEventType.PROFILE_WIPED, () -> {
            ProfileWiper.WipeResult wiped = ProfileWiper.wipe(in.sessionDir());
            return Map.of("dir", wiped.dir().toString(), "files", Long.toString(wiped.files()),
                    "bytes", Long.toString(wiped.bytes()));
        }));
        renewal.scheduleFor(token);
        return new Started(new RunningSession(session, browser, token.scopes(), token.expiresAt()));
    }

    static AuditEvent tokenIssued(Attribution who, TaskToken token, String how) {
        return AuditEvent.of(AuditEventType.TOKEN_ISSUED, who, Map.of(
                "tokenId", token.tokenId(),
                "how", how,
                "scopes", String.join(" ", token.scopes().stream().sorted().toList()),
                "audience", who.task().resource(),
                "expiresAt", token.expiresAt().toString()));
    }

    @FunctionalInterface
    private interface StepBody {
        Map<String, String> run() throws Exception;
    }

    private static TeardownStep step(String name, AuditEventType type, StepBody body) {
        return new TeardownStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AuditEventType auditType() {
                return type;
            }

            @Override
            public Map<String, String> run() throws Exception {
                return body.run();
            }
        };
    }
}
