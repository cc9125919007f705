package dev.chaperone.broker.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.sun.net.httpserver.HttpServer;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.core.token.TokenBrokerException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker that lies, is down, slow or broken. The embedded broker cannot be made to misbehave,
 * so these faults come from a small scripted server over real HTTP that signs real JWTs with a
 * key it publishes, so every check runs against a token that is otherwise valid.
 */
class LyingBrokerTest {
    @TempDir
    Path dir;
    HttpServer server;
    URI issuer;
    ECKey brokerKey;
    volatile int status = 200;
    volatile String tokenResponse = "{}";
    volatile long delayMillis;
    final List<String> revoked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        brokerKey = new ECKeyGenerator(Curve.P_256).keyID("broker-1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/realms/x");
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer(issuer));
        metadata.setTokenEndpointURI(URI.create(issuer + "/token"));
        metadata.setRevocationEndpointURI(URI.create(issuer + "/revoke"));
        metadata.setJWKSetURI(URI.create(issuer + "/jwks"));
        respond("/realms/x/.well-known/openid-configuration", () -> 200, () -> metadata.toJSONObject().toJSONString());
        respond("/realms/x/jwks", () -> 200, () -> new JWKSet(brokerKey.toPublicJWK()).toString(true));
        respond("/realms/x/token", () -> status, () -> tokenResponse);
        server.createContext("/realms/x/revoke", ex -> {
            revoked.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    private void respond(String path, java.util.function.IntSupplier code, java.util.function.Supplier<String> body) {
        server.createContext(path, ex -> {
            try {
                Thread.sleep(path.endsWith("/token") ? delayMillis : 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(code.getAsInt(), bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    BrokerClient client() throws Exception {
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("k.jwk"));
        return BrokerClient.discover(new BrokerSettings(issuer, BrokerSettings.DEFAULT_HARMLESS_SCOPES, DpopMode.OFF),
                TokenExchangeTest.ASSISTANT, key, () -> "human-token");
    }

    /** A token as Keycloak 26.7 would give it: no act, azp names the assistant. */
    JWTClaimsSet.Builder goodClaims() {
        Date now = new Date();
        return new JWTClaimsSet.Builder().issuer(issuer.toString()).subject("alice")
                .audience(TokenExchangeTest.AUDIENCE).issueTime(now).expirationTime(new Date(now.getTime() + 120_000))
                .jwtID("jti-1").claim("azp", TokenExchangeTest.ASSISTANT.clientId()).claim("scope", "invoices:read profile email");
    }

    String signed(JWTClaimsSet claims, ECKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    void answer(String token, long expiresIn, String scope) {
        tokenResponse = "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
                + (scope == null ? "" : ",\"scope\":\"" + scope + "\"")
                + ",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}";
    }

    TokenBrokerException refusal() throws Exception {
        BrokerClient client = client();
        return assertThrows(TokenBrokerException.class, () -> client.obtain(TokenExchangeTest.ALICE, TokenExchangeTest.TASK));
    }

    @Test
    void aKeycloakStyleTokenWithDefaultScopesIsAcceptedAndAttributedThroughAzp() throws Exception {
        answer(signed(goodClaims().build(), brokerKey), 120, "invoices:read profile email");
        TaskToken token = client().obtain(TokenExchangeTest.ALICE, TokenExchangeTest.TASK);
        assertEquals(List.of("assistant-test"), token.delegation().actors());
        assertEquals("alice", token.delegation().humanSubject());
        assertEquals(List.of("finance-portal"), token.delegation().audience());
    }

    @Test
    void aNestedActorChainIsReadInOrder() throws Exception {
        answer(signed(goodClaims().claim("act", Map.of("sub", "assistant-test", "act", Map.of("sub", "orchestrator")))
                .build(), brokerKey), 120, null);
        TaskToken token = client().obtain(TokenExchangeTest.ALICE, TokenExchangeTest.TASK);
        assertEquals(List.of("assistant-test", "orchestrator"), token.delegation().actors());
    }

    @Test
    void aBroaderScopeThanAskedIsRefusedAndGivenBack() throws Exception {
        answer(signed(goodClaims().build(), brokerKey), 120, "invoices:read invoices:export admin");
        TokenBrokerException e = refusal();
        assertEquals(Kind.UNTRUSTED_TOKEN, e.kind());
        assertTrue(e.getMessage().contains("granted more than asked (admin)"), e.getMessage());
        assertEquals(1, revoked.size());
    }

    @Test
    void aTokenThatLivesForHoursIsRefused() throws Exception {
        Date now = new Date();
        answer(signed(goodClaims().expirationTime(new Date(now.getTime() + 86_400_000)).build(), brokerKey), 86400, null);
        assertTrue(refusal().getMessage().contains("lives 86400 s"));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        answer(signed(goodClaims().expirationTime(null).build(), brokerKey), 0, null);
        String message = refusal().getMessage();
        assertTrue(message.contains("exp"), message);
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        answer(new PlainJWT(goodClaims().build()).serialize(), 120, null);
        TokenBrokerException e = refusal();
        assertEquals(Kind.UNTRUSTED_TOKEN, e.kind());
        assertTrue(e.getMessage().contains("not a signed JWT"), e.getMessage());
    }

    @Test
    void aTokenSignedByAnUnknownKeyIsRefused() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("broker-1").generate();
        answer(signed(goodClaims().build(), stranger), 120, null);
        String message = refusal().getMessage();
        assertTrue(message.contains("fails its check"), message);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        answer(signed(goodClaims().audience("payroll").build(), brokerKey), 120, null);
        String message = refusal().getMessage();
        assertTrue(message.contains("aud claim rejected"), message);
    }

    @Test
    void aTokenForAnotherAssistantIsRefused() throws Exception {
        answer(signed(goodClaims().claim("azp", "someone-else").build(), brokerKey), 120, null);
        assertTrue(refusal().getMessage().contains("names someone-else as the actor"));
    }

    @Test
    void aBearerTokenIsRefusedWhenDpopIsRequired() throws Exception {
        answer(signed(goodClaims().build(), brokerKey), 120, null);
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("k.jwk"));
        BrokerClient strict = BrokerClient.discover(new BrokerSettings(issuer, BrokerSettings.DEFAULT_HARMLESS_SCOPES,
                DpopMode.REQUIRED), TokenExchangeTest.ASSISTANT, key, () -> "human-token");
        TokenBrokerException e = assertThrows(TokenBrokerException.class,
                () -> strict.obtain(TokenExchangeTest.ALICE, TokenExchangeTest.TASK));
        assertTrue(e.getMessage().contains("requires key-bound (DPoP) tokens"), e.getMessage());
        assertEquals(1, revoked.size());
    }

    @Test
    void aBrokerThatWantsItsNonceInTheProofGetsOneRetryWithIt() throws Exception {
        answer(signed(goodClaims().build(), brokerKey), 120, null);
        List<String> proofs = new CopyOnWriteArrayList<>();
        server.removeContext("/realms/x/token");
        server.createContext("/realms/x/token", ex -> {
            proofs.add(ex.getRequestHeaders().getFirst("DPoP"));
            boolean first = proofs.size() == 1;
            byte[] body = (first ? "{\"error\":\"use_dpop_nonce\",\"error_description\":\"nonce required\"}" : tokenResponse)
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (first) {
                ex.getResponseHeaders().set("DPoP-Nonce", "n-42");
            }
            ex.sendResponseHeaders(first ? 400 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("k.jwk"));
        BrokerClient client = BrokerClient.discover(new BrokerSettings(issuer, BrokerSettings.DEFAULT_HARMLESS_SCOPES,
                DpopMode.PREFERRED), TokenExchangeTest.ASSISTANT, key, () -> "human-token");
        client.obtain(TokenExchangeTest.ALICE, TokenExchangeTest.TASK);
        assertEquals(2, proofs.size());
        assertEquals(null, SignedJWT.parse(proofs.get(0)).getJWTClaimsSet().getClaim("nonce"));
        assertEquals("n-42", SignedJWT.parse(proofs.get(1)).getJWTClaimsSet().getStringClaim("nonce"));
    }

    @Test
    void garbageFromTheBrokerIsAClearError() throws Exception {
        status = 502;
        tokenResponse = "<html>proxy error</html>";
        TokenBrokerException e = refusal();
        assertEquals(Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().startsWith("The broker's answer could not be read"), e.getMessage());
    }

    @Test
    void brokenJsonIsAClearError() throws Exception {
        tokenResponse = "{\"access_token\":";
        assertEquals(Kind.MALFORMED, refusal().kind());
    }

    @Test
    void aSlowBrokerTimesOutInsteadOfHanging() throws Exception {
        delayMillis = BrokerClient.READ_TIMEOUT_MS + 1_000;
        answer(signed(goodClaims().build(), brokerKey), 120, null);
        TokenBrokerException e = refusal();
        assertEquals(Kind.UNREACHABLE, e.kind(), e.getMessage());
    }

    @Test
    void metadataForAnotherIssuerIsRefused() throws Exception {
        URI elsewhere = URI.create(issuer.toString().replace("/realms/x", "/realms/y"));
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("k.jwk"));
        server.createContext("/realms/y/.well-known/openid-configuration", ex -> {
            byte[] body = new AuthorizationServerMetadata(new Issuer(issuer)).toJSONObject().toJSONString()
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> BrokerClient.discover(
                BrokerSettings.of(elsewhere), TokenExchangeTest.ASSISTANT, key, () -> "x"));
        assertTrue(e.getMessage().contains("says it is"), e.getMessage());
    }
}
