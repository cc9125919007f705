package dev.chaperone.core.gate;

import java.util.Objects;

/** The answer for one action, with a stable code for machines and a reason a person can read. */
public record Decision(Outcome outcome, DecidedBy decidedBy, ReasonCode code, String reason) {
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
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
