package dev.chaperone.broker.embedded;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs the broker's access tokens and checks the ones it is shown: signature, issuer, expiry and
 * revocation. The signing key lives only in memory: tokens die with the process.
 */
final class TokenAuthority {
    static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

    private final String issuer;
    private final ECKey signingKey;
    private final Clock clock;
    private final Set<String> revokedIds = ConcurrentHashMap.newKeySet();
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    TokenAuthority(String issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        try {
            this.signingKey = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the broker's signing key", e);
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN_TYPE));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(new JWKSet(signingKey.toPublicJWK()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat", "jti")));
    }

    JWKSet publicKeys() {
        return new JWKSet(signingKey.toPublicJWK());
    }

    String issuer() {
        return issuer;
    }

    /** Signs an access token (RFC 9068 shape) with the given extra claims. */
    SignedJWT mint(String subject, String audience, Duration lifetime, Map<String, Object> claims) {
        Date now = Date.from(clock.instant());
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(now)
                .notBeforeTime(now)
                .expirationTime(Date.from(clock.instant().plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(ACCESS_TOKEN_TYPE).keyID(signingKey.getKeyID()).build(), builder.build());
        try {
            jwt.sign(new ECDSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt;
    }

    /** The claims of a token this broker issued and that is still good; empty for anything else. */
    Optional<JWTClaimsSet> validate(String token) {
        try {
            JWTClaimsSet claims = processor.process(SignedJWT.parse(token), null);
            if (revokedIds.contains(claims.getJWTID())) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | com.nimbusds.jose.proc.BadJOSEException | JOSEException e) {
            return Optional.empty();
        }
    }

    boolean isRevoked(String tokenId) {
        return revokedIds.contains(tokenId);
    }

    void revoke(String tokenId) {
        revokedIds.add(tokenId);
    }
}
