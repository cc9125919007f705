package dev.chaperone.core.gate;

import dev.chaperone.core.session.Attribution;

import java.time.Duration;

/** What a person is asked to approve: the action, for whom, why it was held, and how long they have. */
public record ApprovalRequest(AssistantAction action, Attribution attribution, String reason, Duration timeout) {
}
