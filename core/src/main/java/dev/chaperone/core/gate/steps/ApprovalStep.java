package dev.chaperone.core.gate.steps;

import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.GateStep;
import dev.chaperone.core.gate.Interaction;
import dev.chaperone.core.gate.PersonQuestion;
import dev.chaperone.core.gate.ReasonCode;

import java.time.Duration;
import java.util.Optional;

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
    private final StandingGrants grants;
    private final java.time.Clock clock;

    private final dev.chaperone.core.gate.PendingApprovals pending;

    public ApprovalStep(ApprovalPrompt prompt, Duration timeout, AuditTrail audit,
                        dev.chaperone.core.gate.PendingApprovals pending) {
        this(prompt, timeout, audit, pending, java.time.Clock.systemDefaultZone());
    }

    ApprovalStep(ApprovalPrompt prompt, Duration timeout, AuditTrail audit, dev.chaperone.core.gate.PendingApprovals pending,
                 java.time.Clock clock) {
        this.prompt = prompt;
        this.timeout = timeout;
        this.audit = audit;
        this.pending = pending;
        this.clock = clock;
        this.grants = new StandingGrants(clock);
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
        if (pending.takeApproval(chain.action())) {
            return Decision.allow(DecidedBy.HUMAN, ReasonCode.PERSON_ALLOWED,
                    "You approved it from the list of questions you had not answered in time.");
        }
        // Only what the policy offers a standing grant for can be covered by one.
        Optional<StandingGrants.Scope> scope = chain.standingOffer().map(o -> StandingGrants.Scope.of(chain.action()));
        Optional<java.time.Instant> grantedUntil = scope.flatMap(grants::covering);
        if (grantedUntil.isPresent()) {
            return Decision.allow(DecidedBy.HUMAN, ReasonCode.STANDING_GRANT, "Covered by your approval of "
                    + scope.get().describe() + " until " + java.time.LocalTime.ofInstant(grantedUntil.get(), clock.getZone())
                    .withNano(0) + ".");
        }
        ApprovalRequest request = new ApprovalRequest(chain.action(), chain.attribution(), why, timeout, chain.standingOffer());
        PersonQuestion.Result result = PersonQuestion.ask(prompt, request, audit::record);
        return switch (result.answer()) {
            case ALLOWED -> {
                followUp.allowed(chain.action());
                yield Decision.allow(DecidedBy.HUMAN, ReasonCode.PERSON_ALLOWED, "You allowed it.");
            }
            case ALLOWED_FOR_A_WHILE -> {
                Duration forAWhile = chain.standingOffer().orElseThrow();
                grants.grant(scope.orElseThrow(), forAWhile);
                audit.record(new dev.chaperone.core.audit.AuditEvent.StandingGrantGiven(
                        dev.chaperone.core.audit.ActionFacts.of(chain.action()), scope.get().describe(), forAWhile.toSeconds()));
                followUp.allowed(chain.action());
                yield Decision.allow(DecidedBy.HUMAN, ReasonCode.PERSON_ALLOWED, "You allowed " + scope.get().describe()
                        + " for " + forAWhile.toMinutes() + " minutes.");
            }
            case DENIED -> Decision.deny(DecidedBy.HUMAN, ReasonCode.PERSON_DENIED, "You denied it.");
            case TIMED_OUT -> {
                pending.timedOut(request);
                yield Decision.deny(DecidedBy.TIMEOUT, ReasonCode.NO_ANSWER_IN_TIME, "Not approved within "
                        + timeout.toSeconds() + " seconds; still pending: the person can still approve it in Chaperone's"
                        + " window, and then the same action goes through once if tried again.");
            }
            case CANCELLED -> Decision.deny(DecidedBy.GATE, ReasonCode.QUESTION_CANCELLED,
                    "Denied: the question was taken back before the person answered (the session ended).");
            case FAILED -> Decision.deny(DecidedBy.GATE, ReasonCode.PROMPT_FAILED,
                    "The approval window failed: " + result.failure());
        };
    }
}
