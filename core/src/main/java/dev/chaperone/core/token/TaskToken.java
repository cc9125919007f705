package dev.chaperone.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A short-lived, narrowly scoped bearer token for one task. Lives in memory only; toString never
 * shows the value, so it cannot leak into logs or the audit file.
 */
public record TaskToken(String value, String tokenId, Instant expiresAt, Set<String> scopes) {
    public TaskToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "TaskToken[id=" + tokenId + ", expiresAt=" + expiresAt + ", scopes=" + scopes + ", value=<redacted>]";
    }
}
