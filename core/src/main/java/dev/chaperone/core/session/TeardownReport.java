package dev.chaperone.core.session;

import java.time.Duration;
import java.util.List;

/** What ending a session did, step by step, with timings: shown to people and printed by tests. */
public record TeardownReport(EndReason reason, List<StepResult> steps, Duration total) {
    public TeardownReport {
        steps = List.copyOf(steps);
    }

    public boolean allSucceeded() {
        return steps.stream().allMatch(StepResult::succeeded);
    }

    public record StepResult(String name, boolean succeeded, String error, Duration took) {
    }
}
