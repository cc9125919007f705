package dev.chaperone.core.gate.steps;

import dev.chaperone.core.audit.ActionFacts;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.audit.DecisionFacts;
import dev.chaperone.core.audit.DenialAggregator;
import dev.chaperone.core.audit.ExecutionPath;
import dev.chaperone.core.concurrent.DaemonThreads;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.GateStep;
import dev.chaperone.core.gate.ReasonCode;
import dev.chaperone.core.identity.Origin;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Outermost step: writes the final decision of every action to the audit trail, also when a
 * later step throws (that is a deny, recorded like any other).
 * <ul>
 *   <li>An allowed action goes ahead only once its row is on disk, except a tool call that only
 *   reads the page (queued: on disk within one commit); allowed sub-resource requests are not
 *   written (a page load makes dozens; the navigation row covers them).</li>
 *   <li>Denials are queued; denied requests are aggregated per site and reason, so a page
 *   cannot flood the store.</li>
 *   <li>If the row cannot be written, the action is denied: an action that leaves no trace does
 *   not happen.</li>
 * </ul>
 */
public final class AuditStep implements GateStep, AutoCloseable {
    static final Duration AGGREGATION_WINDOW = Duration.ofSeconds(5);

    private final AuditTrail audit;
    private final DenialAggregator denials;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("chaperone-denial-aggregator"));

    public AuditStep(AuditTrail audit) {
        this(audit, AGGREGATION_WINDOW, Clock.systemUTC());
    }

    AuditStep(AuditTrail audit, Duration window, Clock clock) {
        this.audit = audit;
        this.denials = new DenialAggregator(window, clock, audit::recordOrReport);
        long millis = window.toMillis();
        flusher.scheduleAtFixedRate(denials::flushIfDue, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public Decision intercept(Chain chain) {
        Decision decision;
        try {
            decision = chain.proceed();
        } catch (RuntimeException e) {
            decision = Decision.deny(DecidedBy.GATE, ReasonCode.SAFETY_CHECK_FAILED,
                    "Blocked because the safety check failed: " + e.getMessage());
        }
        AssistantAction action = chain.action();
        // Connections are as many as requests: silent when allowed, aggregated when denied.
        boolean request = action.kind() == ActionKind.REQUEST || action.kind() == ActionKind.CONNECT;
        if (request && decision.isAllowed()) {
            return decision;
        }
        AuditEvent.ActionDecided row = new AuditEvent.ActionDecided(ActionFacts.of(action),
                DecisionFacts.of(decision), ExecutionPath.of(action.initiator(), chain.path()));
        try {
            if (decision.isAllowed() && mustBeOnDiskFirst(action, decision)) {
                audit.recordDurably(row);
            } else if (decision.isAllowed()) {
                audit.record(row);
            } else if (!request || denials.offer(action.origin().map(Origin::toString).orElse(scheme(action)),
                    decision.code())) {
                audit.record(row);
            }
        } catch (RuntimeException e) {
            return Decision.deny(DecidedBy.GATE, ReasonCode.AUDIT_UNAVAILABLE,
                    "Blocked because the audit log could not be written.");
        }
        return decision;
    }

    /**
     * A tool call that only reads the page (a snapshot, a screenshot, the console) goes ahead at
     * once; its row is on disk within one commit. Every other allowed action (a page load, a click,
     * a download, a write) and anything a person approved waits until its row is on disk.
     */
    static boolean mustBeOnDiskFirst(AssistantAction action, Decision decision) {
        boolean readsThePage = action.kind() == ActionKind.TOOL_CALL && action.isSafeMethod();
        return !readsThePage || decision.decidedBy() == DecidedBy.HUMAN;
    }

    private static String scheme(AssistantAction action) {
        int colon = action.url().indexOf(':');
        return colon > 0 ? action.url().substring(0, colon + 1) : "(no address)";
    }

    /** The session is ending: what was counted is written now. */
    @Override
    public void close() {
        flusher.shutdownNow();
        denials.flush();
    }
}
