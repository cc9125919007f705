package dev.chaperone.broker.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.token.TokenBrokerException;

import java.util.Date;
import java.util.UUID;

/**
 * Signs as the assistant: client assertions (private_key_jwt) and RFC 8693 actor tokens. Takes an
 * EC key (ES256) or an RSA key (RS256, as IT may provision in a PKCS#12 file).
 */
final class AssistantSigner {
    private final AssistantIdentity assistant;
    private final JWK key;
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;

    AssistantSigner(AssistantIdentity assistant, JWK key) throws TokenBrokerException {
        this.assistant = assistant;
        this.key = key;
        this.algorithm = KeyType.EC.equals(key.getKeyType()) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        try {
            this.signer = new DefaultJWSSignerFactory().createJWSSigner(key, algorithm);
        } catch (JOSEException e) {
            throw new TokenBrokerException(TokenBrokerException.Kind.LOCAL,
                    "The assistant's key cannot sign: " + e.getMessage(), e);
        }
    }

    AssistantIdentity assistant() {
        return assistant;
    }

    /**
     * Client authentication whose audience is the broker's issuer: Keycloak refuses the
     * revocation endpoint as audience ("Invalid token audience"), and RFC 7523 names the issuer
     * as the value every authorization server accepts.
     */
    PrivateKeyJWT clientAssertion(String issuer) throws TokenBrokerException {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(assistant.clientId()),
                new Audience(issuer));
        return new PrivateKeyJWT(sign(claims.toJWTClaimsSet()));
    }

    /** RFC 8693 actor token: a short JWT naming the assistant, for brokers that record delegation. */
    TypelessAccessToken actorToken(String issuer) throws TokenBrokerException {
        Date now = new Date();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(assistant.clientId())
                .subject(assistant.clientId())
                .audience(issuer)
                .issueTime(now)
                .expirationTime(new Date(now.getTime() + 60_000))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return new TypelessAccessToken(sign(claims).serialize());
    }

    private SignedJWT sign(JWTClaimsSet claims) throws TokenBrokerException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new TokenBrokerException(TokenBrokerException.Kind.LOCAL,
                    "The assistant's key cannot sign: " + e.getMessage(), e);
        }
        return jwt;
    }
}
