package dev.chaperone.core.audit;

import dev.chaperone.core.token.TaskToken;

import java.util.List;

/** What the audit keeps of a task token: its id and what it allows, never its value. */
public record TokenFacts(String tokenId, List<String> scopes, List<String> audience, List<String> actors,
                         boolean keyBound, String expiresAt) {
    public TokenFacts {
        scopes = List.copyOf(scopes);
        audience = List.copyOf(audience);
        actors = List.copyOf(actors);
    }

    public static TokenFacts of(TaskToken token) {
        return new TokenFacts(token.tokenId(), token.scopes().stream().sorted().toList(),
                token.delegation().audience(), token.delegation().actors(), token.keyBound(),
                token.expiresAt().toString());
    }
}
