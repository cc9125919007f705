package dev.chaperone.core.session;

import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditEventType;
import dev.chaperone.core.audit.AuditLog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One supervised session of the assistant. Every trigger (lock, idle, quit, failure) ends it
 * through {@link #end}, which runs the teardown steps once, in order, and audits each.
 */
public final class AssistantSession implements SessionState {
    private final Attribution attribution;
    private final AuditLog audit;
    private final List<TeardownStep> teardown = new ArrayList<>();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final CompletableFuture<TeardownReport> ended = new CompletableFuture<>();

    public AssistantSession(Attribution attribution, AuditLog audit) {
        this.attribution = Objects.requireNonNull(attribution);
        this.audit = Objects.requireNonNull(audit);
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
        return !ending.get();
    }

    public CompletableFuture<TeardownReport> whenEnded() {
        return ended;
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
        long start = System.nanoTime();
        recordQuietly(AuditEventType.SESSION_ENDING, Map.of("reason", reason.name()));
        List<TeardownStep> steps;
        synchronized (this) {
            steps = List.copyOf(teardown);
        }
        List<TeardownReport.StepResult> results = new ArrayList<>();
        for (TeardownStep step : steps) {
            long stepStart = System.nanoTime();
            try {
                Map<String, String> details = new HashMap<>(step.run());
                Duration took = Duration.ofNanos(System.nanoTime() - stepStart);
                details.put("millis", Long.toString(took.toMillis()));
                recordQuietly(step.auditType(), details);
                results.add(new TeardownReport.StepResult(step.name(), true, "", took));
            } catch (Exception e) {
                Duration took = Duration.ofNanos(System.nanoTime() - stepStart);
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                recordQuietly(AuditEventType.TEARDOWN_STEP_FAILED, Map.of("step", step.name(), "error", error));
                results.add(new TeardownReport.StepResult(step.name(), false, error, took));
            }
        }
        TeardownReport report = new TeardownReport(reason, results, Duration.ofNanos(System.nanoTime() - start));
        recordQuietly(AuditEventType.SESSION_ENDED, Map.of("reason", reason.name(),
                "allStepsSucceeded", Boolean.toString(report.allSucceeded()),
                "millis", Long.toString(report.total().toMillis())));
        ended.complete(report);
        return report;
    }

    // Ending must go on even when the audit file is broken: a session that cannot be ended is worse.
    private void recordQuietly(AuditEventType type, Map<String, String> details) {
        try {
            audit.record(AuditEvent.of(type, attribution, details));
        } catch (RuntimeException e) {
            System.err.println("chaperone: could not audit " + type + ": " + e.getMessage());
        }
    }
}
