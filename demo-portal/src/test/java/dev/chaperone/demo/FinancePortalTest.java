package dev.chaperone.demo;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The portal against a JWKS served over real HTTP; tokens signed here stand in for the broker's
 * so each check (signature, issuer, audience, expiry) can be broken on its own.
 */
class FinancePortalTest {
    ECKey brokerKey;
    HttpServer jwks;
    URI issuer;
    StatusSite status;
    FinancePortal portal;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        brokerKey = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(brokerKey.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwks.start();
        issuer = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort());
        status = StatusSite.start(0);
        portal = FinancePortal.start(0, issuer, issuer.resolve("/jwks"), status.origin());
    }

    @AfterEach
    void stop() {
        portal.close();
        status.close();
        jwks.stop(0);
    }

    String token(ECKey key, String iss, String aud, long expiresInMs) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(iss).subject("alice").audience(aud)
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + expiresInMs))
                .claim("name", "Alice <Example>").claim("act", Map.of("sub", "assistant-7"))
                .claim("scope", "invoices:read invoices:export").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(portal.origin().resolve(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void showsTheHumanAndTheAssistantFromAValidToken() throws Exception {
        HttpResponse<String> page = get("/", token(brokerKey, issuer.toString(), portal.audience(), 60_000));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Alice &lt;Example&gt; (via assistant assistant-7)"), page.body());
    }

    @Test
    void exportIsAnAttachment() throws Exception {
        HttpResponse<String> csv = get("/export.csv", token(brokerKey, issuer.toString(), portal.audience(), 60_000));
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("invoices.csv"));
        assertTrue(csv.body().startsWith("number,customer,amount"));
    }

    @Test
    void everyBadTokenIsA401WithItsReason() throws Exception {
        ECKey otherKey = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        String aud = portal.audience();
        assertRefused(null, "No access token");
        assertRefused("not-a-jwt", "not a signed JWT");
        assertRefused(token(otherKey, issuer.toString(), aud, 60_000), "rejected");
        assertRefused(token(brokerKey, "http://evil.test", aud, 60_000), "rejected");
        assertRefused(token(brokerKey, issuer.toString(), "http://127.0.0.1:1", 60_000), "rejected");
        assertRefused(token(brokerKey, issuer.toString(), aud, -120_000), "rejected");
        assertEquals(0, status.requests().all().size());
    }

    private void assertRefused(String token, String reasonPart) throws Exception {
        HttpResponse<String> page = get("/", token);
        assertEquals(401, page.statusCode(), "token " + token);
        assertTrue(page.body().contains(reasonPart), page.body());
        assertTrue(page.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }
}
