package dev.chaperone.broker.client;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import dev.chaperone.broker.embedded.EmbeddedBroker;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TokenBrokerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker client against the embedded broker over real loopback HTTP. */
class TokenExchangeTest {
    static final String RESOURCE = "http://127.0.0.1:18081";
    static final Task TASK = new Task("t1", "Review invoices", Origin.parse(RESOURCE), RESOURCE,
            Set.of("invoices:read", "invoices:export"));
    static final Human ALICE = new Human("alice", "Alice Example");
    static final AssistantIdentity ASSISTANT = new AssistantIdentity("assistant-test", "Test assistant");

    @TempDir
    Path dir;
    EmbeddedBroker broker;
    ECKey key;
    BrokerClient client;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.start(0);
        key = AssistantKeyStore.loadOrCreate(dir.resolve("keys/assistant.jwk"));
        broker.registerAssistant(ASSISTANT.clientId(), key, Set.of(URI.create(RESOURCE)),
                Set.of("invoices:read", "invoices:export"));
        client = BrokerClient.discover(broker.metadataUri(), ASSISTANT, key,
                () -> broker.signInLocalUser("alice", "Alice Example"));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void exchangedTokenNamesTheHumanAsSubjectAndTheAssistantAsActor() throws Exception {
        TaskToken token = client.obtain(ALICE, TASK);
        var claims = SignedJWT.parse(token.value()).getJWTClaimsSet();
        assertEquals("alice", claims.getSubject());
        assertEquals(Map.of("sub", "assistant-test"), claims.getJSONObjectClaim("act"));
        assertEquals(List.of(RESOURCE), claims.getAudience());
        assertEquals(Set.of("invoices:read", "invoices:export"), Set.of(claims.getStringClaim("scope").split(" ")));
        long lifetime = (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
        assertEquals(300, lifetime);
        assertEquals(claims.getJWTID(), token.tokenId());
        assertFalse(token.toString().contains(token.value()), "toString must not show the token");
    }

    @Test
    void revokedTokenIsInactiveAtTheBroker() throws Exception {
        TaskToken token = client.obtain(ALICE, TASK);
        TokenIntrospectionSuccessResponse before = client.introspect(token.value());
        assertTrue(before.isActive());
        assertEquals("alice", before.getSubject().getValue());
        assertEquals("assistant-test", before.getJSONObjectParameter("act").get("sub"));
        client.revoke(token);
        assertFalse(client.introspect(token.value()).isActive());
    }

    @Test
    void anotherKeyCannotActAsTheAssistant() throws Exception {
        ECKey stranger = AssistantKeyStore.loadOrCreate(dir.resolve("stranger.jwk"));
        BrokerClient impostor = BrokerClient.discover(broker.metadataUri(), ASSISTANT, stranger,
                () -> broker.signInLocalUser("alice", "Alice"));
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> impostor.obtain(ALICE, TASK));
        assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
    }

    @Test
    void scopesBeyondTheRegistrationAreRefused() {
        Task greedy = new Task("t2", "x", TASK.allowedOrigin(), RESOURCE, Set.of("invoices:read", "admin"));
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> client.obtain(ALICE, greedy));
        assertTrue(e.getMessage().contains("invalid_scope"), e.getMessage());
    }

    @Test
    void anotherAudienceIsRefused() {
        Task elsewhere = new Task("t3", "x", Origin.parse("http://127.0.0.1:9"), "http://127.0.0.1:9", Set.of("invoices:read"));
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> client.obtain(ALICE, elsewhere));
        assertTrue(e.getMessage().contains("invalid_target"), e.getMessage());
    }

    @Test
    void aForgedHumanTokenIsRefused() throws Exception {
        BrokerClient forged = BrokerClient.discover(broker.metadataUri(), ASSISTANT, key, () -> "eyJhbGciOiJub25lIn0.e30.");
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> forged.obtain(ALICE, TASK));
        assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
    }

    @Test
    void aBrokerThatIsDownGivesAClearError() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> BrokerClient.discover(
                URI.create("http://127.0.0.1:" + freePort + EmbeddedBroker.METADATA_PATH), ASSISTANT, key, () -> "x"));
        assertTrue(e.getMessage().startsWith("Cannot reach the broker"), e.getMessage());
    }

    @Test
    void credentialsGoOnlyToTheAllowedOriginAndStopWhenCleared() throws Exception {
        TaskToken token = client.obtain(ALICE, TASK);
        ScopedTaskCredentials credentials = new ScopedTaskCredentials(TASK.allowedOrigin(), token, Clock.systemUTC());
        assertEquals("Bearer " + token.value(), credentials.authorizationFor(Origin.parse(RESOURCE + "/x")).orElseThrow());
        assertTrue(credentials.authorizationFor(Origin.parse("http://127.0.0.1:18082")).isEmpty());
        assertTrue(credentials.authorizationFor(Origin.parse("https://127.0.0.1:18081")).isEmpty());
        credentials.clear();
        assertTrue(credentials.authorizationFor(TASK.allowedOrigin()).isEmpty());
    }

    @Test
    void theKeyFileIsOwnerOnlyAndAReadableOneIsRefused() throws Exception {
        Path file = dir.resolve("keys/assistant.jwk");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(key.getKeyID(), AssistantKeyStore.loadOrCreate(file).getKeyID());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var e = assertThrows(java.io.IOException.class, () -> AssistantKeyStore.loadOrCreate(file));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }
}
