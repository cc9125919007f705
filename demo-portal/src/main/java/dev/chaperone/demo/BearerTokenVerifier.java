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

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;

/**
 * How the portal checks a bearer token: signature against the broker's published keys (JWKS over
 * HTTP), exact issuer, its own audience, expiry. Anything else is a 401 with the reason.
 */
final class BearerTokenVerifier {
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

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

    record Verified(String subject, String displayName, String actor, Set<String> scopes) implements Result {
    }

    record Refused(String reason) implements Result {
    }

    Result verify(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Refused("No access token was sent.");
        }
        try {
            JWTClaimsSet claims = processor.process(SignedJWT.parse(authorizationHeader.substring(7).trim()), null);
            String name = claims.getStringClaim("name");
            Object scope = claims.getClaim("scope");
            return new Verified(claims.getSubject(), name == null ? claims.getSubject() : name, actorOf(claims),
                    scope == null ? Set.of() : Set.of(scope.toString().split(" ")));
        } catch (ParseException e) {
            return new Refused("The access token is not a signed JWT.");
        } catch (BadJOSEException | JOSEException e) {
            return new Refused("The access token was rejected: " + e.getMessage());
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
