package dev.chaperone.core.audit;

import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.Outcome;
import dev.chaperone.core.gate.ReasonCode;

/** A decision as the audit keeps it: the outcome, who settled it, the stable code and the sentence. */
public record DecisionFacts(Outcome outcome, DecidedBy decidedBy, ReasonCode code, String reason) {
    public static DecisionFacts of(Decision decision) {
        return new DecisionFacts(decision.outcome(), decision.decidedBy(), decision.code(), decision.reason());
    }
}
