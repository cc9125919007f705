package dev.chaperone.broker.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TaskTokenBroker;
import dev.chaperone.core.token.TokenBrokerException;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The assistant's side of the broker: discovers the broker (RFC 8414), exchanges the human's
 * token for a task token (RFC 8693, authenticated with the assistant's own key by
 * private_key_jwt) and revokes it (RFC 7009). Tokens are only ever held in memory.
 */
public final class BrokerClient implements TaskTokenBroker {
    static final int CONNECT_TIMEOUT_MS = 3_000;
    static final int READ_TIMEOUT_MS = 5_000;
    /** Longer than this and the broker is not giving a short-lived token: refuse it. */
    static final Duration MAX_TASK_TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final AuthorizationServerMetadata metadata;
    private final AssistantIdentity assistant;
    private final ECKey key;
    private final Supplier<String> humanToken;

    private BrokerClient(AuthorizationServerMetadata metadata, AssistantIdentity assistant, ECKey key,
                         Supplier<String> humanToken) {
        this.metadata = metadata;
        this.assistant = assistant;
        this.key = key;
        this.humanToken = humanToken;
    }

    /**
     * Reads the broker's metadata. Fails with a message a person can act on when the broker is
     * down or answers with something that is not its metadata.
     *
     * @param humanToken the signed-in human's access token (the exchange's subject token)
     */
    public static BrokerClient discover(URI metadataUri, AssistantIdentity assistant, ECKey key,
                                        Supplier<String> humanToken) throws TokenBrokerException {
        HTTPRequest get = new HTTPRequest(HTTPRequest.Method.GET, metadataUri);
        HTTPResponse response = send(get, "read the broker's settings");
        try {
            response.ensureStatusCode(200);
            AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(response.getBodyAsJSONObject());
            if (metadata.getTokenEndpointURI() == null || metadata.getRevocationEndpointURI() == null) {
                throw new TokenBrokerException("The broker at " + metadataUri + " offers no token or revocation endpoint.");
            }
            return new BrokerClient(metadata, assistant, key, humanToken);
        } catch (ParseException e) {
            throw new TokenBrokerException("The broker at " + metadataUri + " did not answer with valid settings: "
                    + e.getMessage(), e);
        }
    }

    public AuthorizationServerMetadata metadata() {
        return metadata;
    }

    @Override
    public TaskToken obtain(Human human, Task task) throws TokenBrokerException {
        Scope requested = new Scope(task.scopes().toArray(String[]::new));
        TokenExchangeGrant grant = new TokenExchangeGrant(
                new TypelessAccessToken(humanToken.get()), TokenTypeURI.ACCESS_TOKEN,
                actorToken(), TokenTypeURI.JWT,
                TokenTypeURI.ACCESS_TOKEN, null);
        TokenRequest request = new TokenRequest.Builder(metadata.getTokenEndpointURI(),
                clientAuth(metadata.getTokenEndpointURI()), grant)
                .scope(requested)
                .resource(URI.create(task.resource()))
                .build();
        HTTPResponse http = send(request.toHTTPRequest(), "get the assistant's access");
        TokenResponse response;
        try {
            response = TokenResponse.parse(http);
        } catch (ParseException e) {
            throw new TokenBrokerException("The broker's answer could not be read: " + e.getMessage(), e);
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = response.toErrorResponse().getErrorObject();
            if (error.getCode() == null) {
                // Not an OAuth error at all: a proxy page, a crash page, a wrong URL.
                throw new TokenBrokerException("The broker's answer could not be read: HTTP " + http.getStatusCode()
                        + " without an OAuth error. The broker may be down or behind a failing proxy.");
            }
            throw new TokenBrokerException("The broker refused the assistant's access (" + error.getCode() + "): "
                    + (error.getDescription() == null ? "no reason given" : error.getDescription()));
        }
        return checked(response.toSuccessResponse(), requested);
    }

    /** A lying broker is caught here: a broader scope or a long lifetime is refused and given back. */
    private TaskToken checked(AccessTokenResponse success, Scope requested) throws TokenBrokerException {
        AccessToken token = success.getTokens().getAccessToken();
        Scope granted = token.getScope() == null ? requested : token.getScope();
        long lifetime = token.getLifetime();
        String problem = null;
        if (!requested.containsAll(granted)) {
            problem = "granted more than asked (" + granted + ")";
        } else if (lifetime <= 0 || lifetime > MAX_TASK_TOKEN_LIFETIME.toSeconds()) {
            problem = "gave a token that lives " + (lifetime <= 0 ? "forever" : lifetime + " s");
        }
        String tokenId = tokenId(token.getValue());
        if (problem != null) {
            revokeQuietly(token.getValue());
            throw new TokenBrokerException("The broker " + problem + ", so the token was refused.");
        }
        return new TaskToken(token.getValue(), tokenId, Instant.now().plusSeconds(lifetime),
                new HashSet<>(granted.toStringList()));
    }

    @Override
    public void revoke(TaskToken token) throws TokenBrokerException {
        revokeValue(token.value());
    }

    private void revokeValue(String value) throws TokenBrokerException {
        URI endpoint = metadata.getRevocationEndpointURI();
        TokenRevocationRequest request = new TokenRevocationRequest(endpoint, clientAuth(endpoint),
                new BearerAccessToken(value));
        HTTPResponse response = send(request.toHTTPRequest(), "revoke the assistant's access");
        if (response.getStatusCode() != 200) {
            throw new TokenBrokerException("The broker did not confirm revocation (HTTP " + response.getStatusCode() + ").");
        }
    }

    private void revokeQuietly(String value) {
        try {
            revokeValue(value);
        } catch (TokenBrokerException ignored) {
            // The token is refused either way; it simply expires at the broker.
        }
    }

    /** Asks the broker whether a token is still active (RFC 7662). */
    public TokenIntrospectionSuccessResponse introspect(String tokenValue) throws TokenBrokerException {
        URI endpoint = metadata.getIntrospectionEndpointURI();
        if (endpoint == null) {
            throw new TokenBrokerException("The broker offers no introspection endpoint.");
        }
        TokenIntrospectionRequest request = new TokenIntrospectionRequest(endpoint, clientAuth(endpoint),
                new TypelessAccessToken(tokenValue));
        try {
            TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(
                    send(request.toHTTPRequest(), "check a token"));
            if (!response.indicatesSuccess()) {
                throw new TokenBrokerException("The broker refused introspection: "
                        + response.toErrorResponse().getErrorObject().getCode());
            }
            return response.toSuccessResponse();
        } catch (ParseException e) {
            throw new TokenBrokerException("The broker's introspection answer could not be read", e);
        }
    }

    private PrivateKeyJWT clientAuth(URI endpoint) throws TokenBrokerException {
        try {
            return new PrivateKeyJWT(new ClientID(assistant.clientId()), endpoint, JWSAlgorithm.ES256,
                    key.toECPrivateKey(), key.getKeyID(), null);
        } catch (JOSEException e) {
            throw new TokenBrokerException("The assistant's key cannot sign: " + e.getMessage(), e);
        }
    }

    /** RFC 8693 actor token: a short JWT, signed with the assistant's key, naming the assistant. */
    private TypelessAccessToken actorToken() throws TokenBrokerException {
        Date now = new Date();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(assistant.clientId())
                .subject(assistant.clientId())
                .audience(metadata.getIssuer().getValue())
                .issueTime(now)
                .expirationTime(new Date(now.getTime() + 60_000))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new TokenBrokerException("The assistant's key cannot sign: " + e.getMessage(), e);
        }
        return new TypelessAccessToken(jwt.serialize());
    }

    /** The token's jti when it is a JWT, else a random handle: audit rows name tokens, never show them. */
    private static String tokenId(String value) {
        try {
            String jti = SignedJWT.parse(value).getJWTClaimsSet().getJWTID();
            if (jti != null) {
                return jti;
            }
        } catch (java.text.ParseException notAJwt) {
            // Opaque tokens are fine; they get a local handle.
        }
        return "opaque-" + UUID.randomUUID();
    }

    private static HTTPResponse send(HTTPRequest request, String purpose) throws TokenBrokerException {
        request.setConnectTimeout(CONNECT_TIMEOUT_MS);
        request.setReadTimeout(READ_TIMEOUT_MS);
        request.setFollowRedirects(false);
        try {
            return request.send();
        } catch (IOException e) {
            throw new TokenBrokerException("Cannot reach the broker at " + request.getURI().resolve("/")
                    + " to " + purpose + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ").", e);
        }
    }
}
