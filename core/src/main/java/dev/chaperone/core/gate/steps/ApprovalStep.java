package dev.chaperone.core.gate.steps;

import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditEventType;
import dev.chaperone.core.audit.AuditLog;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.GateStep;
import dev.chaperone.core.gate.Interaction;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Last step: a person decides. Silence is a deny, and so is a caller that cannot wait, a prompt
 * that fails, or an interrupted wait.
 */
public final class ApprovalStep implements GateStep {
    private final ApprovalPrompt prompt;
    private final Duration timeout;
    private final AuditLog audit;

    public ApprovalStep(ApprovalPrompt prompt, Duration timeout, AuditLog audit) {
        this.prompt = prompt;
        this.timeout = timeout;
        this.audit = audit;
    }

    @Override
    public Decision intercept(Chain chain) {
        String why = chain.askReason().isBlank() ? "The policy asks for a person's decision." : chain.askReason();
        if (chain.interaction() == Interaction.CANNOT_WAIT) {
            return Decision.deny(DecidedBy.GATE, why + " Chaperone cannot stop this kind of request to ask you yet, so it was blocked.");
        }
        ApprovalRequest request = new ApprovalRequest(chain.action(), chain.attribution(), why, timeout);
        audit.record(AuditEvent.of(AuditEventType.APPROVAL_PROMPTED, chain.attribution(), Map.of(
                "kind", request.action().kind().name(),
                "url", request.action().url(),
                "label", request.action().label(),
                "timeoutSeconds", Long.toString(timeout.toSeconds()))));
        try {
            boolean allowed = prompt.ask(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return allowed
                    ? Decision.allow(DecidedBy.HUMAN, "You allowed it.")
                    : Decision.deny(DecidedBy.HUMAN, "You denied it.");
        } catch (TimeoutException e) {
            prompt.withdraw(request);
            return Decision.deny(DecidedBy.TIMEOUT,
                    "No answer within " + timeout.toSeconds() + " seconds, so it was denied.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            prompt.withdraw(request);
            return Decision.deny(DecidedBy.GATE, "The question was cancelled.");
        } catch (ExecutionException e) {
            return Decision.deny(DecidedBy.GATE, "The approval window failed: " + e.getCause().getMessage());
        }
    }
}
