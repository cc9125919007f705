package dev.chaperone.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A short-lived, narrowly scoped token for one task, with what it was verified to say. Lives in
 * memory only; toString never shows the value, so it cannot leak into logs or the audit file.
 */
public record TaskToken(String value, Delegation delegation) {
    public TaskToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(delegation, "delegation");
    }

    public String tokenId() {
        return delegation.tokenId();
    }

    public Instant expiresAt() {
        return delegation.expiresAt();
    }

    public Set<String> scopes() {
        return delegation.scopes();
    }

    /** DPoP-bound: useless without the session's private key, even if a page saw the value. */
    public boolean keyBound() {
        return delegation.keyBound();
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(delegation.expiresAt());
    }

    @Override
    public String toString() {
        return "TaskToken[id=" + tokenId() + ", expiresAt=" + expiresAt() + ", scopes=" + scopes()
                + ", keyBound=" + keyBound() + ", value=<redacted>]";
    }
}
