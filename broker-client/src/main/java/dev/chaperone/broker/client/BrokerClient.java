package dev.chaperone.broker.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.token.Delegation;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TaskTokenBroker;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.core.token.TokenBrokerException.Kind;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The assistant's side of one broker for one session: discovers the broker (OIDC discovery or
 * RFC 8414), exchanges the human's token for a task token (RFC 8693, authenticated with the
 * assistant's own key by private_key_jwt, bound to a per-session DPoP key per RFC 9449) and
 * revokes it (RFC 7009). Tokens and the DPoP key are only ever held in memory.
 */
public final class BrokerClient implements TaskTokenBroker {
    static final int CONNECT_TIMEOUT_MS = 3_000;
    static final int READ_TIMEOUT_MS = 5_000;

    private final AuthorizationServerMetadata metadata;
    private final BrokerSettings settings;
    private final AssistantSigner signer;
    private final SubjectTokenSource humanToken;
    private final IssuedTokenCheck check;
    private final Optional<DefaultDPoPProofFactory> dpop;

    private BrokerClient(AuthorizationServerMetadata metadata, BrokerSettings settings, AssistantSigner signer,
                         SubjectTokenSource humanToken, IssuedTokenCheck check, Optional<DefaultDPoPProofFactory> dpop) {
        this.metadata = metadata;
        this.settings = settings;
        this.signer = signer;
        this.humanToken = humanToken;
        this.check = check;
        this.dpop = dpop;
    }

    /**
     * Reads the broker's metadata from its issuer and makes this session's DPoP key. Fails with a
     * message a person can act on when the broker is down or answers with something that is not
     * its metadata, or metadata for another issuer.
     *
     * @param humanToken the signed-in human's access token (the exchange's subject token)
     */
    public static BrokerClient discover(BrokerSettings settings, AssistantIdentity assistant, JWK key,
                                        SubjectTokenSource humanToken) throws TokenBrokerException {
        AuthorizationServerMetadata metadata = BrokerDiscovery.metadataOf(settings.issuer());
        if (metadata.getTokenEndpointURI() == null || metadata.getRevocationEndpointURI() == null
                || metadata.getJWKSetURI() == null) {
            throw new TokenBrokerException(Kind.MALFORMED, "The broker at " + settings.issuer()
                    + " offers no token endpoint, revocation endpoint or published keys.");
        }
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL(),
                    new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, 512 * 1024)).build();
        } catch (MalformedURLException e) {
            throw new TokenBrokerException(Kind.MALFORMED, "The broker's key set address is not a URL: "
                    + metadata.getJWKSetURI(), e);
        }
        IssuedTokenCheck check = new IssuedTokenCheck(metadata.getIssuer().getValue(), keys, settings.harmlessScopes());
        return new BrokerClient(metadata, settings, new AssistantSigner(assistant, key), humanToken, check,
                sessionDpopKey(settings.dpop()));
    }

    private static Optional<DefaultDPoPProofFactory> sessionDpopKey(DpopMode mode) throws TokenBrokerException {
        if (mode == DpopMode.OFF) {
            return Optional.empty();
        }
        try {
            // A fresh key per session, in memory only: a crash or session end throws it away.
            JWK key = new ECKeyGenerator(Curve.P_256).generate();
            return Optional.of(new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256));
        } catch (JOSEException e) {
            throw new TokenBrokerException(Kind.LOCAL, "Cannot make the session's DPoP key: " + e.getMessage(), e);
        }
    }

    public AuthorizationServerMetadata metadata() {
        return metadata;
    }

    /** The credentials the browser asks per request: this session's token, proofs from this session's key. */
    public ScopedTaskCredentials credentialsFor(Origin origin, TaskToken token) {
        return credentialsFor(origin, token, Optional.empty());
    }

    /** The same, and for each approved write a token of its own from {@code writes} (proved with this session's key). */
    public ScopedTaskCredentials credentialsFor(Origin origin, TaskToken token, Optional<ScopedTaskCredentials.WriteTokens> writes) {
        return new ScopedTaskCredentials(origin, token, dpop.map(DPoPProofFactory.class::cast), Clock.systemUTC(), writes);
    }

    @Override
    public TaskToken obtain(Human human, Task task) throws TokenBrokerException {
        Scope requested = new Scope(task.scopes().toArray(String[]::new));
        TokenRequest request;
        try {
            String subject = humanToken.currentToken();
            TokenExchangeGrant grant = new TokenExchangeGrant(
                    new TypelessAccessToken(subject), TokenTypeURI.ACCESS_TOKEN,
                    signer.actorToken(issuer()), TokenTypeURI.JWT,
                    TokenTypeURI.ACCESS_TOKEN, List.of(new Audience(task.audience())));
            TokenRequest.Builder builder = new TokenRequest.Builder(metadata.getTokenEndpointURI(),
                    signer.clientAssertion(issuer()), grant).scope(requested);
            task.resource().ifPresent(builder::resource);
            request = builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TokenBrokerException(Kind.LOCAL, "The token request for " + task.title()
                    + " cannot be made: " + e.getMessage(), e);
        }
        AccessTokenResponse success = exchange(request);
        AccessToken token = success.getTokens().getAccessToken();
        try {
            if (settings.dpop() == DpopMode.REQUIRED && !AccessTokenType.DPOP.equals(token.getType())) {
                throw new IssuedTokenCheck.Refusal("gave a bearer token, but this organisation requires key-bound (DPoP) tokens");
            }
            Delegation delegation = check.check(token, task, requested, signer.assistant().clientId(), sessionThumbprint());
            return new TaskToken(token.getValue(), delegation);
        } catch (IssuedTokenCheck.Refusal refusal) {
            revokeQuietly(token.getValue());
            throw new TokenBrokerException(Kind.UNTRUSTED_TOKEN, "The broker " + refusal.getMessage()
                    + ", so the token was refused and given back.");
        }
    }

    private AccessTokenResponse exchange(TokenRequest request) throws TokenBrokerException {
        HTTPRequest http = request.toHTTPRequest();
        prove(http, null);
        HTTPResponse answer = send(http, "get the assistant's access");
        if (answer.getStatusCode() == 400 && answer.getDPoPNonce() != null) {
            // RFC 9449 §8: the broker wants its nonce in the proof; one more try with it.
            http = request.toHTTPRequest();
            prove(http, answer.getDPoPNonce());
            answer = send(http, "get the assistant's access");
        }
        TokenResponse response;
        try {
            response = TokenResponse.parse(answer);
        } catch (ParseException e) {
            throw unreadable(answer, e);
        }
        if (!response.indicatesSuccess()) {
            throw refusedBy(response.toErrorResponse().getErrorObject(), answer, "refused the assistant's access");
        }
        return response.toSuccessResponse();
    }

    private void prove(HTTPRequest http, Nonce nonce) throws TokenBrokerException {
        if (dpop.isEmpty()) {
            return;
        }
        try {
            http.setDPoP(dpop.get().createDPoPJWT(http.getMethod().name(), http.getURI(), nonce));
        } catch (JOSEException e) {
            throw new TokenBrokerException(Kind.LOCAL, "Cannot sign a DPoP proof: " + e.getMessage(), e);
        }
    }

    private Optional<JWKThumbprintConfirmation> sessionThumbprint() throws TokenBrokerException {
        if (dpop.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JWKThumbprintConfirmation.of(dpop.get().getPublicJWK()));
        } catch (JOSEException e) {
            throw new TokenBrokerException(Kind.LOCAL, "Cannot fingerprint the session's DPoP key", e);
        }
    }

    @Override
    public void revoke(TaskToken token) throws TokenBrokerException {
        revokeValue(token.value());
    }

    private void revokeValue(String value) throws TokenBrokerException {
        URI endpoint = metadata.getRevocationEndpointURI();
        TokenRevocationRequest request = new TokenRevocationRequest(endpoint, signer.clientAssertion(issuer()),
                new TypelessAccessToken(value));
        HTTPResponse response = send(request.toHTTPRequest(), "revoke the assistant's access");
        if (response.getStatusCode() != 200) {
            throw refusedBy(ErrorObject.parse(response), response, "did not revoke the assistant's access");
        }
    }

    private void revokeQuietly(String value) {
        try {
            revokeValue(value);
        } catch (TokenBrokerException ignored) {
            // The token is refused either way; it simply expires at the broker.
        }
    }

    /** Asks the broker whether a token is still active (RFC 7662), as the assistant. */
    public TokenIntrospectionSuccessResponse introspect(String tokenValue) throws TokenBrokerException {
        URI endpoint = metadata.getIntrospectionEndpointURI();
        if (endpoint == null) {
            throw new TokenBrokerException(Kind.MALFORMED, "The broker offers no introspection endpoint.");
        }
        TokenIntrospectionRequest request = new TokenIntrospectionRequest(endpoint, signer.clientAssertion(issuer()),
                new TypelessAccessToken(tokenValue));
        HTTPResponse http = send(request.toHTTPRequest(), "check a token");
        try {
            TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(http);
            if (!response.indicatesSuccess()) {
                throw refusedBy(response.toErrorResponse().getErrorObject(), http, "refused introspection");
            }
            return response.toSuccessResponse();
        } catch (ParseException e) {
            throw unreadable(http, e);
        }
    }

    private String issuer() {
        return metadata.getIssuer().getValue();
    }

    /** The broker's own words (code and description) go into the message and the exception. */
    public static TokenBrokerException refusedBy(ErrorObject error, HTTPResponse http, String what) {
        if (error == null || error.getCode() == null) {
            // Not an OAuth error at all: a proxy page, a crash page, a wrong URL.
            return new TokenBrokerException(Kind.MALFORMED, "The broker's answer could not be read: HTTP "
                    + http.getStatusCode() + " without an OAuth error. The broker may be down or behind a failing proxy.");
        }
        String description = error.getDescription();
        return new TokenBrokerException(Kind.REFUSED, "The broker " + what + " (" + error.getCode() + "): "
                + (description == null ? "no reason given" : description), error.getCode(), description, null);
    }

    public static TokenBrokerException unreadable(HTTPResponse http, Exception e) {
        return new TokenBrokerException(Kind.MALFORMED, "The broker's answer could not be read (HTTP "
                + http.getStatusCode() + "): " + e.getMessage(), e);
    }

    public static HTTPResponse send(HTTPRequest request, String purpose) throws TokenBrokerException {
        request.setConnectTimeout(CONNECT_TIMEOUT_MS);
        request.setReadTimeout(READ_TIMEOUT_MS);
        request.setFollowRedirects(false);
        try {
            return request.send();
        } catch (IOException e) {
            throw new TokenBrokerException(Kind.UNREACHABLE, "Cannot reach the broker at " + request.getURI().resolve("/")
                    + " to " + purpose + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ").", e);
        }
    }
}
