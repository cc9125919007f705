package dev.chaperone.core.token;

import dev.chaperone.core.identity.Origin;

import java.util.Optional;

/**
 * What the browser asks when it is about to send a request: the Authorization header value for
 * that origin, or nothing. Only the task's allowed origin ever gets one, and never after the
 * token expired or was revoked.
 */
public interface TaskCredentials {
    Optional<String> authorizationFor(Origin origin);
}
