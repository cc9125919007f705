package dev.chaperone.core.gate;

import java.util.Objects;

/** The answer for one action, with a reason a person can read. */
public record Decision(Outcome outcome, DecidedBy decidedBy, String reason) {
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(reason, "reason");
    }

    public static Decision allow(DecidedBy by, String reason) {
        return new Decision(Outcome.ALLOW, by, reason);
    }

    public static Decision deny(DecidedBy by, String reason) {
        return new Decision(Outcome.DENY, by, reason);
    }

    public static Decision ask(String reason) {
        return new Decision(Outcome.ASK, DecidedBy.POLICY, reason);
    }

    public boolean isAllowed() {
        return outcome == Outcome.ALLOW;
    }
}
