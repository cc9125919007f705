package dev.chaperone.core.gate;

import dev.chaperone.core.session.Attribution;

import java.time.Duration;

/**
 * What a person is asked to approve: the action, for whom, why it was held, how long they have,
 * and, when the policy allows one, the standing grant they may give instead of a one-off yes.
 */
public record ApprovalRequest(AssistantAction action, Attribution attribution, String reason, Duration timeout,
                              java.util.Optional<Duration> standingOffer) {
    public ApprovalRequest(AssistantAction action, Attribution attribution, String reason, Duration timeout) {
        this(action, attribution, reason, timeout, java.util.Optional.empty());
    }
}
