package dev.chaperone.core.token;

import java.net.URI;
import java.util.Map;

/**
 * What the browser asks when it is about to send a request: the headers that authorise that one
 * request (Authorization, and a DPoP proof bound to the method and URL), or none. Only the task's
 * allowed origin ever gets any, and never after the token expired or was revoked.
 */
public interface TaskCredentials {
    /** Header name to value; empty when this request must go without credentials. */
    Map<String, String> headersFor(String method, URI url);

    /**
     * A credential minted for one write the person or policy approved: a token with the task's
     * write scopes only, for that request alone, to be revoked once it was answered. Empty when
     * the task declared no writes or the address is not the task's site (the write then goes with
     * the reading credentials of {@link #headersFor}, which carry no write scope).
     *
     * @throws TokenBrokerException the broker would not mint it: the write must not be sent
     */
    default java.util.Optional<WriteCredential> forOneWrite(String method, URI url) throws TokenBrokerException {
        return java.util.Optional.empty();
    }
}
