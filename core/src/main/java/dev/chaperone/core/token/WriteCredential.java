package dev.chaperone.core.token;

import java.util.Map;

/**
 * The credentials of one approved write: the headers that authorise exactly that request, and
 * the revocation of its token once the server answered. Revoking twice does nothing more.
 */
public interface WriteCredential {
    /** Header name to value for the one request (Authorization, and a DPoP proof when bound). */
    Map<String, String> headers();

    /** The minted token's id, for the audit. */
    String tokenId();

    /** Revokes the token; failures are the implementation's to record, never thrown. */
    void revoke();
}
