package dev.chaperone.core.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a task token says about who acts for whom, read once from the verified token so the rest
 * of the app never parses tokens: the human (subject), the chain of actors (the assistant first,
 * then whoever it acts for in a nested RFC 8693 {@code act}), the granted scopes and audience,
 * the expiry, the token's id for audit rows, and whether the token is bound to a key (DPoP).
 */
public record Delegation(String humanSubject, List<String> actors, Set<String> scopes, List<String> audience,
                         Instant expiresAt, String tokenId, boolean keyBound) {
    public Delegation {
        Objects.requireNonNull(humanSubject, "humanSubject");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(tokenId, "tokenId");
        actors = List.copyOf(actors);
        if (actors.isEmpty()) {
            throw new IllegalArgumentException("a delegation names at least one actor");
        }
        scopes = Set.copyOf(scopes);
        audience = List.copyOf(audience);
    }

    /** The workload that acts now: the assistant. */
    public String actor() {
        return actors.get(0);
    }
}
