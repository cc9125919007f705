package dev.chaperone.app.session;

import dev.chaperone.broker.client.ScopedTaskCredentials;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditEventType;
import dev.chaperone.core.audit.AuditLog;
import dev.chaperone.core.session.AssistantSession;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TaskTokenBroker;
import dev.chaperone.core.token.TokenBrokerException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a session's token short-lived without cutting the human off: shortly before expiry a
 * fresh token is exchanged and the old one revoked. If the broker says no or is gone, the session
 * ends: no token, no assistant.
 */
final class TokenRenewal implements AutoCloseable {
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "chaperone-token-renewal");
        t.setDaemon(true);
        return t;
    });
    private final AssistantSession session;
    private final TaskTokenBroker broker;
    private final ScopedTaskCredentials credentials;
    private final AuditLog audit;
    private final Consumer<Instant> onRenewed;

    TokenRenewal(AssistantSession session, TaskTokenBroker broker, ScopedTaskCredentials credentials, AuditLog audit,
                 Consumer<Instant> onRenewed) {
        this.session = session;
        this.broker = broker;
        this.credentials = credentials;
        this.audit = audit;
        this.onRenewed = onRenewed;
        // Closing cancels a renewal that has not started yet, without interrupting one that has.
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void scheduleFor(TaskToken token) {
        Duration wait = Duration.between(Instant.now(), token.expiresAt()).minus(RENEW_BEFORE_EXPIRY);
        timer.schedule(this::renew, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    void renew() {
        if (!session.isActive()) {
            return;
        }
        try {
            TaskToken renewed = broker.obtain(session.attribution().human(), session.attribution().task());
            credentials.replace(renewed).ifPresent(old -> {
                try {
                    broker.revoke(old);
                } catch (TokenBrokerException e) {
                    System.err.println("chaperone: the replaced token could not be revoked, it expires on its own: " + e.getMessage());
                }
            });
            audit.record(SessionLauncher.tokenIssued(session.attribution(), renewed, "renewed"));
            onRenewed.accept(renewed.expiresAt());
            scheduleFor(renewed);
        } catch (TokenBrokerException | RuntimeException e) {
            audit.record(AuditEvent.of(AuditEventType.TOKEN_RENEWAL_FAILED, session.attribution(),
                    java.util.Map.of("error", String.valueOf(e.getMessage()))));
            // Not on this thread: the teardown closes this timer.
            CompletableFuture.runAsync(() -> session.end(EndReason.TOKEN_EXPIRED));
        }
    }

    @Override
    public void close() {
        timer.shutdown();
    }
}
