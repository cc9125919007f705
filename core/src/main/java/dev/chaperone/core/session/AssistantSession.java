package dev.chaperone.core.session;

import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditTrail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One supervised session of the assistant. Every trigger (lock, idle, quit, failure) ends it
 * through {@link #end}, which runs the teardown steps once, in order, and audits each.
 */
public final class AssistantSession implements SessionState {
    private final Attribution attribution;
    private final AuditTrail audit;
    private final List<TeardownStep> teardown = new ArrayList<>();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final CompletableFuture<TeardownReport> ended = new CompletableFuture<>();
    // Set the moment the end is known (a leaving is heard, before the ordered end gets its thread,
    // or the end begins): from then on the gate refuses every action.
    private volatile EndReason endingBecause;
    private volatile Instant endingAt;

    public AssistantSession(AuditTrail audit) {
        this.attribution = audit.attribution().orElseThrow(() -> new IllegalArgumentException("a session's trail names who"));
        this.audit = audit;
    }

    public AuditTrail audit() {
        return audit;
    }

    public Attribution attribution() {
        return attribution;
    }

    /** Adds a step to run at the end, after those added before it. */
    public synchronized void onEnd(TeardownStep step) {
        if (ending.get()) {
            throw new IllegalStateException("session is already ending");
        }
        teardown.add(step);
    }

    @Override
    public boolean isActive() {
        return endingBecause == null && !ending.get();
    }

    /**
     * Refuses every further action at once; {@link #end} follows. Used when the person left, so
     * nothing the assistant does slips in while the end is scheduled.
     */
    public void stopActions(EndReason reason) {
        synchronized (this) {
            if (endingBecause == null) {
                endingBecause = reason;
                endingAt = Instant.now();
            }
        }
    }

    public CompletableFuture<TeardownReport> whenEnded() {
        return ended;
    }

    /** Why and when the session began to end, from the moment it did (before its steps finish). */
    public Optional<EndReason> endingBecause() {
        return Optional.ofNullable(endingBecause);
    }

    public Optional<Instant> endingAt() {
        return Optional.ofNullable(endingAt);
    }

    public Optional<TeardownReport> report() {
        return Optional.ofNullable(ended.getNow(null));
    }

    /**
     * Ends the session now. The first caller runs the teardown; later and concurrent callers get
     * the same report once it is done.
     */
    public TeardownReport end(EndReason reason) {
        if (!ending.compareAndSet(false, true)) {
            return ended.join();
        }
        synchronized (this) {
            // A leaving heard first keeps its reason and time.
            if (endingBecause == null) {
                endingBecause = reason;
                endingAt = Instant.now();
            }
        }
        long start = System.nanoTime();
        audit.recordOrReport(new AuditEvent.SessionEnding(reason));
        List<TeardownStep> steps;
        synchronized (this) {
            steps = List.copyOf(teardown);
        }
        List<TeardownReport.StepResult> results = new ArrayList<>();
        for (TeardownStep step : steps) {
            long stepStart = System.nanoTime();
            try {
                AuditEvent done = step.run();
                Duration took = Duration.ofNanos(System.nanoTime() - stepStart);
                audit.recordOrReport(done);
                results.add(new TeardownReport.StepResult(step.name(), true, "", took));
            } catch (Exception e) {
                Duration took = Duration.ofNanos(System.nanoTime() - stepStart);
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                audit.recordOrReport(new AuditEvent.TeardownStepFailed(step.name(), error));
                results.add(new TeardownReport.StepResult(step.name(), false, error, took));
            }
        }
        TeardownReport report = new TeardownReport(reason, results, Duration.ofNanos(System.nanoTime() - start));
        // Durable: the end of a session is what an investigator looks for first.
        audit.recordDurablyOrReport(new AuditEvent.SessionEnded(reason, report.allSucceeded(), report.total().toMillis()));
        ended.complete(report);
        return report;
    }
}
