package dev.chaperone.core.gate;

import dev.chaperone.core.audit.ActionFacts;
import dev.chaperone.core.audit.AuditEvent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One question to the person at the desktop prompt, with the rules every question follows: it is
 * audited when shown and when answered (who, after how long) or timed out; silence past the
 * timeout withdraws it; an interrupted wait withdraws it too. The gate's approval step and the
 * start of an assistant's task both ask this way.
 */
public final class PersonQuestion {
    public enum Answer { ALLOWED, ALLOWED_FOR_A_WHILE, DENIED, TIMED_OUT, CANCELLED, FAILED }

    /** @param failure what went wrong when the answer is {@code FAILED}, else empty */
    public record Result(Answer answer, String failure) {}

    private PersonQuestion() {
    }

    /** Asks and waits at most the request's timeout; {@code audit} takes the question's events. */
    public static Result ask(ApprovalPrompt prompt, ApprovalRequest request, Consumer<AuditEvent> audit) {
        ActionFacts action = ActionFacts.of(request.action());
        long seconds = request.timeout().toSeconds();
        audit.accept(new AuditEvent.PromptShown(action, request.reason(), seconds));
        long asked = System.nanoTime();
        try {
            ApprovalPrompt.Choice choice = prompt.choose(request).get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            // A standing grant nobody offered counts as a one-off yes.
            if (choice == ApprovalPrompt.Choice.ALLOW_FOR_A_WHILE && request.standingOffer().isEmpty()) {
                choice = ApprovalPrompt.Choice.ALLOW_ONCE;
            }
            boolean allowed = choice != ApprovalPrompt.Choice.DENY;
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            // The prompt is shown on the signed-in person's desktop: they are the approver.
            audit.accept(new AuditEvent.PromptAnswered(action, allowed, request.attribution().human().subject(), millis));
            return new Result(switch (choice) {
                case ALLOW_ONCE -> Answer.ALLOWED;
                case ALLOW_FOR_A_WHILE -> Answer.ALLOWED_FOR_A_WHILE;
                case DENY -> Answer.DENIED;
            }, "");
        } catch (TimeoutException e) {
            prompt.withdraw(request);
            audit.accept(new AuditEvent.PromptTimedOut(action, seconds));
            return new Result(Answer.TIMED_OUT, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            prompt.withdraw(request);
            audit.accept(new AuditEvent.PromptCancelled(action));
            return new Result(Answer.CANCELLED, "");
        } catch (ExecutionException e) {
            return new Result(Answer.FAILED, String.valueOf(e.getCause().getMessage()));
        }
    }
}
