package dev.chaperone.broker.embedded;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.id.ClientID;

import java.util.Set;

/**
 * An assistant known to the broker: its public key (private_key_jwt), the only audiences and
 * scopes it may ever be given, and which of those scopes write (a token carrying one lives only
 * a minute). What IT provisions for a real broker.
 */
record RegisteredClient(ClientID id, ECKey publicKey, Set<String> allowedAudiences, Set<String> allowedScopes,
                        Set<String> writeScopes) {
    RegisteredClient {
        if (publicKey.isPrivate()) {
            throw new IllegalArgumentException("register only the public key");
        }
        allowedAudiences = Set.copyOf(allowedAudiences);
        allowedScopes = Set.copyOf(allowedScopes);
        writeScopes = Set.copyOf(writeScopes);
    }
}
