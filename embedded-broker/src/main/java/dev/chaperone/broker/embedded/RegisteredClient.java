package dev.chaperone.broker.embedded;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.id.ClientID;

import java.util.Set;

/**
 * An assistant known to the broker: its public key (private_key_jwt), and the only audiences and
 * scopes it may ever be given. What IT provisions for a real broker.
 */
record RegisteredClient(ClientID id, ECKey publicKey, Set<String> allowedAudiences, Set<String> allowedScopes) {
    RegisteredClient {
        if (publicKey.isPrivate()) {
            throw new IllegalArgumentException("register only the public key");
        }
        allowedAudiences = Set.copyOf(allowedAudiences);
        allowedScopes = Set.copyOf(allowedScopes);
    }
}
