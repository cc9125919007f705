package dev.chaperone.core.identity;

/**
 * The assistant as a workload of its own: its OAuth client id at the broker (the actor of every
 * task token), never the human's identity.
 */
public record AssistantIdentity(String clientId, String displayName) {
    public AssistantIdentity {
        Human.requireText(clientId, "clientId");
        Human.requireText(displayName, "displayName");
    }
}
