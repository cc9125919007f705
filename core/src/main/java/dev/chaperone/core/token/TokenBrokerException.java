package dev.chaperone.core.token;

import java.util.Objects;
import java.util.Optional;

/**
 * The broker could not be reached or did not give a usable answer. The message is for people; the
 * kind and the broker's own OAuth error (code and description) are for code and the audit.
 */
public class TokenBrokerException extends Exception {
    /** What went wrong, so callers and audit rows need not read sentences. */
    public enum Kind {
        /** Down, slow, refused connection, timeout. */
        UNREACHABLE,
        /** The broker answered with an OAuth error. */
        REFUSED,
        /** The answer was not OAuth (HTML, broken JSON, 5xx without an error). */
        MALFORMED,
        /** The broker gave a token Chaperone will not use (wrong audience, key, actor, scope, lifetime). */
        UNTRUSTED_TOKEN,
        /** Chaperone's own set-up (key, configuration) is unusable. */
        LOCAL
    }

    private final Kind kind;
    private final String oauthError;
    private final String oauthDescription;

    public TokenBrokerException(Kind kind, String message) {
        this(kind, message, null, null, null);
    }

    public TokenBrokerException(Kind kind, String message, Throwable cause) {
        this(kind, message, null, null, cause);
    }

    public TokenBrokerException(Kind kind, String message, String oauthError, String oauthDescription, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.oauthError = oauthError;
        this.oauthDescription = oauthDescription;
    }

    public Kind kind() {
        return kind;
    }

    /** The broker's OAuth error code, such as {@code invalid_client}, when it gave one. */
    public Optional<String> oauthError() {
        return Optional.ofNullable(oauthError);
    }

    public Optional<String> oauthDescription() {
        return Optional.ofNullable(oauthDescription);
    }
}
