package dev.chaperone.broker.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.token.Delegation;
import dev.chaperone.core.token.TokenBrokerException;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a token the broker handed out is one Chaperone will use, and reads what it says
 * into a {@link Delegation}. A broker can be wrong or compromised: the token must be a JWT signed
 * by a key the broker publishes (never {@code alg: none}), from the configured issuer, for the
 * task's audience, naming this assistant as the actor, short-lived, no broader than asked (apart
 * from scopes declared harmless), and bound to the session's key when DPoP is required.
 */
final class IssuedTokenCheck {
    /** Longer than this and the broker is not giving a short-lived token: refuse it. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(15);
    private static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA);

    private final String issuer;
    private final JWKSource<SecurityContext> brokerKeys;
    private final Set<String> harmlessScopes;

    IssuedTokenCheck(String issuer, JWKSource<SecurityContext> brokerKeys, Set<String> harmlessScopes) {
        this.issuer = issuer;
        this.brokerKeys = brokerKeys;
        this.harmlessScopes = Set.copyOf(harmlessScopes);
    }

    /** The problem with a token, for the refusal message; the token is revoked by the caller. */
    static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }

    Delegation check(AccessToken token, Task task, Scope requested, String assistantClientId,
                     Optional<JWKThumbprintConfirmation> sessionKey) throws Refusal {
        JWTClaimsSet claims = verifiedClaims(token.getValue(), task.audience());
        Set<String> granted = grantedScopes(token, claims, requested);
        Set<String> allowed = new HashSet<>(requested.toStringList());
        allowed.addAll(harmlessScopes);
        if (!allowed.containsAll(granted)) {
            Set<String> extra = new HashSet<>(granted);
            extra.removeAll(allowed);
            throw new Refusal("granted more than asked (" + String.join(" ", extra.stream().sorted().toList()) + ")");
        }
        // exp is a required claim, so it is there; expires_in, when given, must not say longer.
        Instant expiry = claims.getExpirationTime().toInstant();
        long seconds = Math.max(token.getLifetime(), Duration.between(Instant.now(), expiry).toSeconds());
        if (seconds > MAX_LIFETIME.toSeconds()) {
            throw new Refusal("gave a token that lives " + seconds + " s");
        }
        List<String> actors = actorChain(claims);
        if (actors.isEmpty() || !assistantClientId.equals(actors.get(0))) {
            throw new Refusal("gave a token that names " + (actors.isEmpty() ? "no actor" : actors.get(0))
                    + " as the actor instead of this assistant (" + assistantClientId + ")");
        }
        boolean bound = claims.getClaim("cnf") != null;
        if (sessionKey.isPresent() && bound) {
            JWKThumbprintConfirmation cnf = JWKThumbprintConfirmation.parse(claims);
            if (!sessionKey.get().equals(cnf)) {
                throw new Refusal("bound the token to a key that is not this session's");
            }
        }
        return new Delegation(claims.getSubject(), actors, granted, claims.getAudience(), expiry,
                claims.getJWTID() == null ? "unnamed-" + claims.getIssueTime().getTime() : claims.getJWTID(), bound);
    }

    private JWTClaimsSet verifiedClaims(String value, String audience) throws Refusal {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(value);
        } catch (ParseException e) {
            // Plain (alg: none) and encrypted JWTs land here as well as opaque strings.
            throw new Refusal("gave a token that is not a signed JWT, so its audience and signer cannot be checked");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // RFC 9068 says at+jwt; Keycloak says JWT; some brokers say nothing.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                new JOSEObjectType("at+jwt"), JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, brokerKeys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat")));
        try {
            return processor.process(jwt, null);
        } catch (BadJOSEException e) {
            throw new Refusal("gave a token that fails its check (" + e.getMessage() + ")");
        } catch (JOSEException e) {
            throw new Refusal("gave a token whose signature cannot be checked (" + e.getMessage() + ")");
        }
    }

    private static Set<String> grantedScopes(AccessToken token, JWTClaimsSet claims, Scope requested) throws Refusal {
        if (token.getScope() != null) {
            return new HashSet<>(token.getScope().toStringList());
        }
        try {
            String scope = claims.getStringClaim("scope");
            return scope == null ? new HashSet<>(requested.toStringList()) : new HashSet<>(Scope.parse(scope).toStringList());
        } catch (ParseException e) {
            throw new Refusal("gave a token whose scope claim is not text");
        }
    }

    /**
     * RFC 8693 §4.1: {@code act} names the current actor and nests earlier ones. Brokers without
     * delegation (Keycloak 26.7) only name the exchanging client, as {@code azp} or {@code client_id}.
     */
    static List<String> actorChain(JWTClaimsSet claims) {
        List<String> chain = new ArrayList<>();
        Object act = claims.getClaim("act");
        while (act instanceof Map<?, ?> map && map.get("sub") != null && chain.size() < 16) {
            chain.add(map.get("sub").toString());
            act = map.get("act");
        }
        if (chain.isEmpty()) {
            Object azp = claims.getClaim("azp");
            Object clientId = azp != null ? azp : claims.getClaim("client_id");
            if (clientId != null) {
                chain.add(clientId.toString());
            }
        }
        return chain;
    }
}
