package dev.chaperone.core.gate.steps;

import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.GateStep;
import dev.chaperone.core.gate.ReasonCode;
import dev.chaperone.core.session.SessionState;

/** Nothing is allowed once the session is ending or over, whatever the policy says. */
public final class SessionOpenStep implements GateStep {
    private final SessionState session;

    public SessionOpenStep(SessionState session) {
        this.session = session;
    }

    @Override
    public Decision intercept(Chain chain) {
        if (!session.isActive()) {
            return Decision.deny(DecidedBy.GATE, ReasonCode.SESSION_ENDED, "The session has ended.");
        }
        return chain.proceed();
    }
}
