package dev.chaperone.broker.client;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.sun.net.httpserver.HttpServer;
import dev.chaperone.core.token.TokenBrokerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker that answers with more than was asked. The embedded broker cannot be made to lie, so
 * this one fault is produced by a small scripted server over real HTTP.
 */
class LyingBrokerTest {
    @TempDir
    Path dir;
    HttpServer server;
    final List<String> revoked = new CopyOnWriteArrayList<>();

    URI start(String tokenResponse, int status) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        URI issuer = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer(issuer));
        metadata.setTokenEndpointURI(issuer.resolve("/token"));
        metadata.setRevocationEndpointURI(issuer.resolve("/revoke"));
        respond("/.well-known/oauth-authorization-server", 200, metadata.toJSONObject().toJSONString());
        respond("/token", status, tokenResponse);
        server.createContext("/revoke", ex -> {
            revoked.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        return issuer.resolve("/.well-known/oauth-authorization-server");
    }

    private void respond(String path, int status, String body) {
        server.createContext(path, ex -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    BrokerClient client(URI metadata) throws Exception {
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("k.jwk"));
        return BrokerClient.discover(metadata, TokenExchangeTest.ASSISTANT, key, () -> "human-token");
    }

    /** The message of the refusal when the broker answers the exchange with {@code tokenResponse}. */
    String refusal(String tokenResponse, int status) throws Exception {
        URI metadata = start(tokenResponse, status);
        BrokerClient client = client(metadata);
        return assertThrows(TokenBrokerException.class,
                () -> client.obtain(TokenExchangeTest.ALICE, TokenExchangeTest.TASK)).getMessage();
    }

    @Test
    void aBroaderScopeThanAskedIsRefusedAndGivenBack() throws Exception {
        String message = refusal("{\"access_token\":\"t1\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"scope\":\"invoices:read invoices:export admin\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}", 200);
        assertTrue(message.contains("granted more than asked"), message);
        assertEquals(1, revoked.size());
        assertTrue(revoked.get(0).contains("token=t1"), revoked.get(0));
    }

    @Test
    void aTokenThatLivesForHoursIsRefused() throws Exception {
        String message = refusal("{\"access_token\":\"t2\",\"token_type\":\"Bearer\",\"expires_in\":86400,"
                + "\"scope\":\"invoices:read\"}", 200);
        assertTrue(message.contains("lives 86400 s"), message);
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        String message = refusal("{\"access_token\":\"t3\",\"token_type\":\"Bearer\",\"scope\":\"invoices:read\"}", 200);
        assertTrue(message.contains("forever"), message);
    }

    @Test
    void garbageFromTheBrokerIsAClearError() throws Exception {
        String message = refusal("<html>proxy error</html>", 502);
        assertTrue(message.startsWith("The broker's answer could not be read"), message);
    }

    @Test
    void metadataThatIsNotMetadataIsAClearError() throws Exception {
        start("{}", 200);
        URI bogus = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> client(bogus));
        assertTrue(e.getMessage().contains("did not answer with valid settings"), e.getMessage());
    }
}
