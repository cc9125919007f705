package dev.chaperone.lifecycle;

import dev.chaperone.core.session.EndReason;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Turns idle clocks into a warning and then an end. Checked on a timer: with the longest idle
 * time any clock reports (the strictest reading wins), a person idle for the warning lead before
 * the timeout is warned ("ending in 30 s"), and one idle for the whole timeout has left. Input
 * before the end takes the warning back. After an end it fires again only once the person was
 * back in between, so one absence ends one session.
 */
public final class IdleWatch {
    /** What the watch tells; called on the checking thread. */
    public interface Listener {
        /** The person seems away; the session ends in {@code left} unless they touch something. */
        void idleWarning(Duration left);

        /** Input came back before the end: the warning no longer stands. */
        void back();

        void leaving(Leaving leaving);
    }

    private static final Duration LONGEST_WARNING = Duration.ofSeconds(30);

    private final Duration timeout;
    private final Duration warningLead;
    private final List<IdleClock> clocks;
    private final Listener listener;
    private boolean warned;
    private boolean ended;
    // When a session started: idle time before it does not count against it. Empty: no such limit.
    private Long countingSinceNanos;
    // The last reading, for the policy's context between checks (read on every decision, so never a clock call).
    private volatile Duration lastIdle = Duration.ZERO;

    public IdleWatch(Duration timeout, List<IdleClock> clocks, Listener listener) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
        this.timeout = timeout;
        // 30 s, or half the timeout when that is shorter, so a short timeout still warns first.
        Duration half = timeout.dividedBy(2);
        this.warningLead = half.compareTo(LONGEST_WARNING) < 0 ? half : LONGEST_WARNING;
        this.clocks = List.copyOf(clocks);
        this.listener = listener;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration warningLead() {
        return warningLead;
    }

    /**
     * A session starts now: idle time before this moment does not count, so a task that starts
     * while the desk has been quiet (an assistant's start IT lets through unasked) still gets the
     * whole timeout.
     */
    public synchronized void restart() {
        countingSinceNanos = System.nanoTime();
        ended = false;
        warned = false;
    }

    /** The idle time at the last check (zero before any clock could tell). */
    public Duration lastIdle() {
        return lastIdle;
    }

    /** Reads the clocks once and tells the listener what changed. */
    public synchronized void check() {
        Optional<Reading> longest = longest();
        if (longest.isEmpty()) {
            return;
        }
        Duration idle = longest.get().idle();
        if (countingSinceNanos != null) {
            Duration sinceStart = Duration.ofNanos(System.nanoTime() - countingSinceNanos);
            idle = idle.compareTo(sinceStart) < 0 ? idle : sinceStart;
        }
        lastIdle = idle;
        if (idle.compareTo(timeout) >= 0) {
            if (!ended) {
                ended = true;
                warned = false;
                listener.leaving(Leaving.now(EndReason.IDLE_TIMEOUT, longest.get().clock(),
                        "no keyboard or mouse input for " + idle.toMillis() / 1000.0 + " s (the limit is "
                                + timeout.toSeconds() + " s)"));
            }
            return;
        }
        if (idle.compareTo(timeout.minus(warningLead)) >= 0) {
            if (!ended) {
                warned = true;
                listener.idleWarning(timeout.minus(idle));
            }
            return;
        }
        ended = false;
        if (warned) {
            warned = false;
            listener.back();
        }
    }

    private record Reading(String clock, Duration idle) {
    }

    private Optional<Reading> longest() {
        Reading best = null;
        for (IdleClock clock : clocks) {
            Optional<Duration> idle;
            try {
                idle = clock.idleTime();
            } catch (RuntimeException e) {
                // A clock that fails says nothing; the others and the lock sources still count.
                continue;
            }
            if (idle.isPresent() && (best == null || idle.get().compareTo(best.idle()) > 0)) {
                best = new Reading(clock.name(), idle.get());
            }
        }
        return Optional.ofNullable(best);
    }
}
