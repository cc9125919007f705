package dev.chaperone.broker.embedded;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPTokenRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DefaultDPoPSingleUseChecker;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 8693 token exchange: the assistant (authenticated by its own key) trades the human's token
 * for a task token whose subject is the human and whose actor ({@code act}) is the assistant,
 * limited to one audience and to scopes the assistant is registered for.
 */
final class TokenEndpoint {
    static final Duration TASK_TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** A token that may write is minted for one approved request: a minute is ample. */
    static final Duration WRITE_TOKEN_LIFETIME = Duration.ofMinutes(1);
    private static final Set<TokenTypeURI> SUBJECT_TYPES = Set.of(TokenTypeURI.ACCESS_TOKEN, TokenTypeURI.JWT);

    private final TokenAuthority authority;
    private final ClientAuthenticator clients;
    private final DPoPTokenRequestVerifier dpop;

    TokenEndpoint(TokenAuthority authority, ClientAuthenticator clients, URI endpoint) {
        this.authority = authority;
        this.clients = clients;
        this.dpop = new DPoPTokenRequestVerifier(Set.of(JWSAlgorithm.ES256), endpoint, 60,
                new DefaultDPoPSingleUseChecker(60, 60));
    }

    HTTPResponse handle(HTTPRequest http) {
        TokenRequest request;
        try {
            request = TokenRequest.parse(http);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            return error(e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST);
        }
        RegisteredClient client;
        try {
            client = clients.authenticate(request.getClientAuthentication());
        } catch (InvalidClientException e) {
            return error(OAuth2Error.INVALID_CLIENT.setDescription(e.getMessage()));
        }
        if (!(request.getAuthorizationGrant() instanceof TokenExchangeGrant grant)) {
            return error(OAuth2Error.UNSUPPORTED_GRANT_TYPE);
        }
        if (!SUBJECT_TYPES.contains(grant.getSubjectTokenType())) {
            return error(OAuth2Error.INVALID_REQUEST.setDescription("Unsupported subject_token_type"));
        }
        JWTClaimsSet subject = authority.validate(grant.getSubjectToken().getValue()).orElse(null);
        if (subject == null) {
            return error(OAuth2Error.INVALID_GRANT.setDescription("The subject token is not valid"));
        }
        if (grant.getActorToken() != null && !actorIsTheClient(grant, client)) {
            return error(OAuth2Error.INVALID_GRANT.setDescription("The actor token does not belong to this client"));
        }
        List<String> targets = targets(request, grant);
        if (targets.size() != 1 || !client.allowedAudiences().contains(targets.get(0))) {
            return error(OAuth2Error.INVALID_TARGET.setDescription("Ask for exactly one audience this assistant may use"));
        }
        Scope scope = request.getScope();
        // The client must ask for the minimum: no default scope is ever granted.
        if (scope == null || scope.isEmpty() || !client.allowedScopes().containsAll(scope.toStringList())) {
            return error(OAuth2Error.INVALID_SCOPE.setDescription("Ask only for scopes this assistant is registered for"));
        }
        JWKThumbprintConfirmation binding;
        try {
            binding = proofKey(http, client);
        } catch (InvalidDPoPProofException e) {
            return error(OAuth2Error.INVALID_DPOP_PROOF.setDescription(e.getMessage()));
        }
        Object name = subject.getClaim("name");
        Map<String, Object> claims = new HashMap<>(Map.of(
                "scope", scope.toString(),
                "client_id", client.id().getValue(),
                "act", Map.of("sub", client.id().getValue()),
                "name", name == null ? subject.getSubject() : name));
        if (binding != null) {
            claims.put("cnf", Map.of("jkt", binding.getValue().toString()));
        }
        Duration lifetime = scope.toStringList().stream().anyMatch(client.writeScopes()::contains)
                ? WRITE_TOKEN_LIFETIME : TASK_TOKEN_LIFETIME;
        String value = authority.mint(subject.getSubject(), targets.get(0), lifetime, claims).serialize();
        AccessToken issued = binding == null
                ? new BearerAccessToken(value, lifetime.toSeconds(), scope, TokenTypeURI.ACCESS_TOKEN)
                : new DPoPAccessToken(value, lifetime.toSeconds(), scope, TokenTypeURI.ACCESS_TOKEN);
        return new AccessTokenResponse(new Tokens(issued, null)).toHTTPResponse();
    }

    /** RFC 9449: a valid proof binds the token to the proof's key; no proof means a bearer token. */
    private JWKThumbprintConfirmation proofKey(HTTPRequest http, RegisteredClient client) throws InvalidDPoPProofException {
        SignedJWT proof = http.getDPoP();
        if (proof == null) {
            return null;
        }
        try {
            return dpop.verify(new DPoPIssuer(client.id()), proof);
        } catch (JOSEException e) {
            throw new InvalidDPoPProofException(e.getMessage());
        }
    }

    /** RFC 8693 audience values and RFC 8707 resources, one list: both must name the same one target. */
    private static List<String> targets(TokenRequest request, TokenExchangeGrant grant) {
        List<String> targets = new ArrayList<>();
        if (request.getResources() != null) {
            request.getResources().forEach(resource -> targets.add(resource.toString()));
        }
        if (grant.getAudience() != null) {
            for (Audience audience : grant.getAudience()) {
                if (!targets.contains(audience.getValue())) {
                    targets.add(audience.getValue());
                }
            }
        }
        return targets;
    }

    /** The actor token must be a fresh JWT signed with the authenticated client's own key, about itself. */
    private boolean actorIsTheClient(TokenExchangeGrant grant, RegisteredClient client) {
        try {
            SignedJWT actor = SignedJWT.parse(grant.getActorToken().getValue());
            if (!actor.verify(new ECDSAVerifier(client.publicKey()))) {
                return false;
            }
            JWTClaimsSet claims = actor.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            return client.id().getValue().equals(claims.getSubject())
                    && client.id().getValue().equals(claims.getIssuer())
                    && claims.getAudience().contains(authority.issuer())
                    && exp != null && exp.after(new Date());
        } catch (ParseException | JOSEException e) {
            return false;
        }
    }

    private static HTTPResponse error(ErrorObject error) {
        return new TokenErrorResponse(error).toHTTPResponse();
    }
}
