package dev.chaperone.core.gate.steps;

import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.GateStep;
import dev.chaperone.core.gate.Outcome;
import dev.chaperone.core.gate.Policy;

/** Asks the policy. Allow and deny are final; ask goes on to the approval step. */
public final class PolicyStep implements GateStep {
    private final Policy policy;

    public PolicyStep(Policy policy) {
        this.policy = policy;
    }

    @Override
    public Decision intercept(Chain chain) {
        Decision decision = policy.evaluate(chain.action(), chain.attribution());
        return decision.outcome() == Outcome.ASK ? chain.proceedAsking(decision.reason(), decision.standingOffer()) : decision;
    }
}
