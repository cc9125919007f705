package dev.chaperone.core.gate.steps;

import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditEventType;
import dev.chaperone.core.audit.AuditLog;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.GateStep;

import java.util.Map;

/**
 * Outermost step: writes the final decision of every action to the audit log. Allowed
 * sub-resource requests are not written (a page load makes dozens; the navigation row covers
 * them); every denial is. If the audit row cannot be written, the action is denied: an action
 * that leaves no trace does not happen.
 */
public final class AuditStep implements GateStep {
    private final AuditLog audit;

    public AuditStep(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public Decision intercept(Chain chain) {
        Decision decision = chain.proceed();
        AssistantAction action = chain.action();
        if (action.kind() == ActionKind.REQUEST && decision.isAllowed()) {
            return decision;
        }
        AuditEventType type = action.kind() == ActionKind.NAVIGATE && decision.isAllowed()
                ? AuditEventType.NAVIGATION : AuditEventType.ACTION_DECIDED;
        try {
            audit.record(AuditEvent.of(type, chain.attribution(), Map.of(
                    "kind", action.kind().name(),
                    "method", action.method(),
                    "url", action.url(),
                    "label", action.label(),
                    "outcome", decision.outcome().name(),
                    "decidedBy", decision.decidedBy().name(),
                    "reason", decision.reason())));
        } catch (RuntimeException e) {
            return Decision.deny(DecidedBy.GATE, "Blocked because the audit log could not be written.");
        }
        return decision;
    }
}
