package dev.chaperone.core.gate.steps;

import dev.chaperone.core.audit.ActionFacts;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.GateStep;
import dev.chaperone.core.gate.Interaction;
import dev.chaperone.core.gate.ReasonCode;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Last step: a person decides. Silence is a deny, and so is a caller that cannot wait, a prompt
 * that fails, or an interrupted wait. The question, the answer (who, after how long) and a
 * timeout are each audited.
 */
public final class ApprovalStep implements GateStep {
    private final ApprovalPrompt prompt;
    private final Duration timeout;
    private final AuditTrail audit;
    private final FollowUpDownload followUp = new FollowUpDownload();

    public ApprovalStep(ApprovalPrompt prompt, Duration timeout, AuditTrail audit) {
        this.prompt = prompt;
        this.timeout = timeout;
        this.audit = audit;
    }

    @Override
    public Decision intercept(Chain chain) {
        String why = chain.askReason().isBlank() ? "The policy asks for a person's decision." : chain.askReason();
        if (chain.interaction() == Interaction.CANNOT_WAIT) {
            return Decision.deny(DecidedBy.GATE, ReasonCode.CANNOT_WAIT_FOR_PERSON,
                    why + " Chaperone cannot stop this kind of request to ask you yet, so it was blocked.");
        }
        Optional<String> coveredBy = followUp.covers(chain.action());
        if (coveredBy.isPresent()) {
            return Decision.allow(DecidedBy.HUMAN, ReasonCode.PERSON_ALLOWED,
                    "Covered by your approval of " + coveredBy.get() + " a moment before.");
        }
        ApprovalRequest request = new ApprovalRequest(chain.action(), chain.attribution(), why, timeout);
        ActionFacts action = ActionFacts.of(request.action());
        audit.record(new AuditEvent.PromptShown(action, why, timeout.toSeconds()));
        long asked = System.nanoTime();
        try {
            boolean allowed = prompt.ask(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            // The prompt is shown on the signed-in person's desktop: they are the approver.
            audit.record(new AuditEvent.PromptAnswered(action, allowed, chain.attribution().human().subject(), millis));
            if (allowed) {
                followUp.allowed(chain.action());
            }
            return allowed
                    ? Decision.allow(DecidedBy.HUMAN, ReasonCode.PERSON_ALLOWED, "You allowed it.")
                    : Decision.deny(DecidedBy.HUMAN, ReasonCode.PERSON_DENIED, "You denied it.");
        } catch (TimeoutException e) {
            prompt.withdraw(request);
            audit.record(new AuditEvent.PromptTimedOut(action, timeout.toSeconds()));
            return Decision.deny(DecidedBy.TIMEOUT, ReasonCode.NO_ANSWER_IN_TIME,
                    "No answer within " + timeout.toSeconds() + " seconds, so it was denied.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            prompt.withdraw(request);
            return Decision.deny(DecidedBy.GATE, ReasonCode.QUESTION_CANCELLED, "The question was cancelled.");
        } catch (ExecutionException e) {
            return Decision.deny(DecidedBy.GATE, ReasonCode.PROMPT_FAILED,
                    "The approval window failed: " + e.getCause().getMessage());
        }
    }
}
