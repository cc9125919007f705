package dev.chaperone.core.audit;

import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;

/** An action as the audit keeps it: what and where, with a short human label. */
public record ActionFacts(ActionKind kind, String method, String url, String label) {
    public static ActionFacts of(AssistantAction action) {
        return new ActionFacts(action.kind(), action.method(), action.url(), action.label());
    }
}
