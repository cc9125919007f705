package dev.chaperone.broker.embedded;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.ExpendedJTIChecker;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;

import java.security.PublicKey;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Authenticates clients by private_key_jwt only (no shared secrets), rejecting reused assertions.
 */
final class ClientAuthenticator {
    private final Map<ClientID, RegisteredClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Date> spentAssertionIds = new ConcurrentHashMap<>();
    private final ClientAuthenticationVerifier<Void> verifier;

    ClientAuthenticator(Set<String> acceptedAudiences) {
        ClientCredentialsSelector<Void> selector = new ClientCredentialsSelector<>() {
            @Override
            public List<Secret> selectClientSecrets(ClientID id, ClientAuthenticationMethod method, Context<Void> ctx)
                    throws InvalidClientException {
                throw new InvalidClientException("Only private_key_jwt is accepted");
            }

            @Override
            public List<? extends PublicKey> selectPublicKeys(ClientID id, ClientAuthenticationMethod method,
                                                              JWSHeader header, boolean forceRefresh, Context<Void> ctx)
                    throws InvalidClientException {
                RegisteredClient client = clients.get(id);
                if (client == null || !ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method)) {
                    throw InvalidClientException.BAD_ID;
                }
                try {
                    return List.of(client.publicKey().toECPublicKey());
                } catch (JOSEException e) {
                    throw new InvalidClientException("Unusable client key");
                }
            }
        };
        ExpendedJTIChecker<Void> replay = new ExpendedJTIChecker<>() {
            @Override
            public boolean isExpended(JWTID jti, ClientID id, ClientAuthenticationMethod m, Context<Void> ctx) {
                return spentAssertionIds.containsKey(id + "/" + jti);
            }

            @Override
            public void markExpended(JWTID jti, Date exp, ClientID id, ClientAuthenticationMethod m, Context<Void> ctx) {
                spentAssertionIds.put(id + "/" + jti, exp);
                spentAssertionIds.values().removeIf(expiry -> expiry.before(new Date()));
            }
        };
        verifier = new ClientAuthenticationVerifier<>(selector,
                acceptedAudiences.stream().map(Audience::new).collect(Collectors.toSet()), replay);
    }

    void register(RegisteredClient client) {
        clients.put(client.id(), client);
    }

    RegisteredClient authenticate(ClientAuthentication auth) throws InvalidClientException {
        if (auth == null) {
            throw InvalidClientException.BAD_ID;
        }
        try {
            verifier.verify(auth, null, null);
        } catch (JOSEException e) {
            throw new InvalidClientException("Client assertion could not be checked: " + e.getMessage());
        }
        return clients.get(auth.getClientID());
    }

    RegisteredClient get(ClientID id) {
        return clients.get(id);
    }
}
