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
}
