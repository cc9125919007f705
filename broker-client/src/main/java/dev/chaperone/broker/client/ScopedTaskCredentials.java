package dev.chaperone.broker.client;

import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.token.TaskCredentials;
import dev.chaperone.core.token.TaskToken;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands out the task token as an Authorization header for the task's one allowed origin and for
 * nothing else; nothing at all once it expired or was cleared at session end.
 */
public final class ScopedTaskCredentials implements TaskCredentials {
    private final Origin allowedOrigin;
    private final AtomicReference<TaskToken> token;
    private final Clock clock;

    public ScopedTaskCredentials(Origin allowedOrigin, TaskToken token, Clock clock) {
        this.allowedOrigin = allowedOrigin;
        this.token = new AtomicReference<>(token);
        this.clock = clock;
    }

    @Override
    public Optional<String> authorizationFor(Origin origin) {
        TaskToken current = token.get();
        if (current == null || !allowedOrigin.equals(origin) || current.isExpiredAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of("Bearer " + current.value());
    }

    /** Puts a renewed token in place of the current one; returns the one replaced. Does nothing once cleared. */
    public Optional<TaskToken> replace(TaskToken renewed) {
        TaskToken current = token.get();
        if (current == null || !token.compareAndSet(current, renewed)) {
            return Optional.empty();
        }
        return Optional.of(current);
    }

    /** Forgets the token; returns it so the caller can revoke it. */
    public Optional<TaskToken> clear() {
        return Optional.ofNullable(token.getAndSet(null));
    }
}
