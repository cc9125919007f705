package dev.chaperone.core.gate;

import java.util.Objects;

/**
 * The answer for one action, with a stable code for machines and a reason a person can read. An
 * "ask" may offer the person a standing grant: allow this kind of action on this site for a while.
 */
public record Decision(Outcome outcome, DecidedBy decidedBy, ReasonCode code, String reason,
                       java.util.Optional<java.time.Duration> standingOffer) {
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(standingOffer, "standingOffer");
    }

    public Decision(Outcome outcome, DecidedBy decidedBy, ReasonCode code, String reason) {
        this(outcome, decidedBy, code, reason, java.util.Optional.empty());
    }

    /** Ask, and let the person allow this kind of action on this site for {@code forAWhile} (this task only). */
    public static Decision askOffering(ReasonCode code, String reason, java.time.Duration forAWhile) {
        return new Decision(Outcome.ASK, DecidedBy.POLICY, code, reason, java.util.Optional.of(forAWhile));
    }

    public static Decision allow(DecidedBy by, ReasonCode code, String reason) {
        return new Decision(Outcome.ALLOW, by, code, reason);
    }

    public static Decision deny(DecidedBy by, ReasonCode code, String reason) {
        return new Decision(Outcome.DENY, by, code, reason);
    }

    public static Decision ask(ReasonCode code, String reason) {
        return new Decision(Outcome.ASK, DecidedBy.POLICY, code, reason);
    }

    public boolean isAllowed() {
        return outcome == Outcome.ALLOW;
    }
}
