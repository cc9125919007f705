package dev.chaperone.core.gate;

import dev.chaperone.core.session.Attribution;

import java.util.List;
import java.util.Locale;

/**
 * One small step of the decision pipeline. A step either answers itself or hands the action on
 * with {@link Chain#proceed()}. Steps are assembled in one place: {@link ActionGate#standard}.
 */
@FunctionalInterface
public interface GateStep {
    Decision intercept(Chain chain);

    /** The step's name in an action's execution path: {@code PolicyStep} is {@code policy}. */
    default String name() {
        String simple = getClass().getSimpleName().replaceFirst("Step$", "");
        return simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    interface Chain {
        AssistantAction action();

        Attribution attribution();

        Interaction interaction();

        /** Why an earlier step wants a person to decide; empty when none does. */
        String askReason();

        /** Asks the remaining steps. Past the last step the answer is a deny: nothing said yes. */
        Decision proceed();

        /** Asks the remaining steps, telling them why a person should decide. */
        default Decision proceedAsking(String reason) {
            return proceedAsking(reason, java.util.Optional.empty());
        }

        /** The same, with the standing grant the policy lets the person give, if any. */
        Decision proceedAsking(String reason, java.util.Optional<java.time.Duration> standingOffer);

        /** The standing grant an earlier step lets the person give; empty when none. */
        java.util.Optional<java.time.Duration> standingOffer();

        /**
         * The steps this action went through so far, in order; once the inner steps returned, it
         * ends with the step that answered and its answer.
         */
        List<String> path();
    }
}
