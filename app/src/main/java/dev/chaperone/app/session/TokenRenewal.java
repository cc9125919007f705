package dev.chaperone.app.session;

import dev.chaperone.broker.client.ScopedTaskCredentials;
import dev.chaperone.core.concurrent.DaemonThreads;
import dev.chaperone.core.session.AssistantSession;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TaskTokenBroker;
import dev.chaperone.core.token.TokenBrokerException;

import java.time.Duration;
import java.time.Instant;
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

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            DaemonThreads.named("chaperone-token-renewal"));
    private final AssistantSession session;
    private final TaskTokenBroker broker;
    private final ScopedTaskCredentials credentials;
    private final Consumer<TaskToken> onIssued;
    private final Consumer<String> onFailure;

    /**
     * @param onIssued  told of each new token before it is used (journal, audit, banner)
     * @param onFailure told why renewal failed; it ends the session (through the supervisor's thread)
     */
    TokenRenewal(AssistantSession session, TaskTokenBroker broker, ScopedTaskCredentials credentials,
                 Consumer<TaskToken> onIssued, Consumer<String> onFailure) {
        this.session = session;
        this.broker = broker;
        this.credentials = credentials;
        this.onIssued = onIssued;
        this.onFailure = onFailure;
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
            TaskToken renewed = broker.obtain(session.attribution().human(), session.attribution().task().forReading());
            onIssued.accept(renewed);
            credentials.replace(renewed).ifPresent(old -> {
                try {
                    broker.revoke(old);
                } catch (TokenBrokerException e) {
                    System.err.println("chaperone: the replaced token could not be revoked, it expires on its own: " + e.getMessage());
                }
            });
            scheduleFor(renewed);
        } catch (TokenBrokerException | RuntimeException e) {
            onFailure.accept(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        timer.shutdown();
    }
}
