package dev.chaperone.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.AccessTokenValidationException;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProtectedResourceRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DefaultDPoPSingleUseChecker;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;

/**
 * How the portal checks an access token: signature against the broker's published keys (JWKS over
 * HTTP), exact issuer, its configured audience, expiry. A token bound to a key ({@code cnf.jkt},
 * RFC 9449) must come as {@code Authorization: DPoP} with a fresh proof for this method and URL,
 * signed by that key, so a token copied out of the browser is useless. Anything else is a 401
 * with the reason.
 */
final class BearerTokenVerifier {
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final DPoPProtectedResourceRequestVerifier proofs = new DPoPProtectedResourceRequestVerifier(
            Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256), 60, new DefaultDPoPSingleUseChecker(60, 120));

    BearerTokenVerifier(URI issuer, URI jwksUri, String audience) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwksUri.toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URI " + jwksUri, e);
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"), JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer.toString()).build(), Set.of("sub", "exp", "iat")));
    }

    /** A verified caller, or the reason the token was refused. */
    sealed interface Result permits Verified, Refused {
    }

    record Verified(String subject, String displayName, String actor, Set<String> scopes, boolean keyBound) implements Result {
    }

    record Refused(String reason) implements Result {
    }

    /**
     * @param requestUri the URL the client sent the request to (what a DPoP proof's htu names)
     */
    Result verify(String method, URI requestUri, String authorizationHeader, String dpopHeader) {
        if (authorizationHeader == null) {
            return new Refused("No access token was sent.");
        }
        boolean dpopScheme = authorizationHeader.regionMatches(true, 0, "DPoP ", 0, 5);
        if (!dpopScheme && !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Refused("No access token was sent.");
        }
        String value = authorizationHeader.substring(dpopScheme ? 5 : 7).trim();
        try {
            JWTClaimsSet claims = processor.process(SignedJWT.parse(value), null);
            JWKThumbprintConfirmation cnf = JWKThumbprintConfirmation.parse(claims);
            if (cnf != null) {
                if (!dpopScheme || dpopHeader == null) {
                    return new Refused("This access token is bound to a key and needs a DPoP proof.");
                }
                proofs.verify(method, requestUri, new DPoPIssuer("client"), SignedJWT.parse(dpopHeader),
                        new DPoPAccessToken(value), cnf);
            } else if (dpopScheme) {
                return new Refused("A DPoP request needs a key-bound access token.");
            }
            String name = claims.getStringClaim("name");
            if (name == null) {
                name = claims.getStringClaim("preferred_username");
            }
            Object scope = claims.getClaim("scope");
            return new Verified(claims.getSubject(), name == null ? claims.getSubject() : name, actorOf(claims),
                    scope == null ? Set.of() : Set.of(scope.toString().split(" ")), cnf != null);
        } catch (ParseException e) {
            return new Refused("The access token or its proof is not a signed JWT.");
        } catch (BadJOSEException | JOSEException e) {
            return new Refused("The access token was rejected: " + e.getMessage());
        } catch (InvalidDPoPProofException | AccessTokenValidationException e) {
            return new Refused("The DPoP proof was rejected: " + e.getMessage());
        }
    }

    /**
     * RFC 8693 {@code act.sub} when present; brokers without delegation (Keycloak 26.7) only give
     * the exchanging client, as {@code azp} or {@code client_id}.
     */
    static String actorOf(JWTClaimsSet claims) throws ParseException {
        Map<String, Object> act = claims.getJSONObjectClaim("act");
        if (act != null && act.get("sub") != null) {
            return act.get("sub").toString();
        }
        String azp = claims.getStringClaim("azp");
        return azp != null ? azp : claims.getStringClaim("client_id");
    }
}
