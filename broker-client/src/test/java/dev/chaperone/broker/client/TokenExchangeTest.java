package dev.chaperone.broker.client;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import dev.chaperone.broker.embedded.EmbeddedBroker;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.demo.FinancePortal;
import dev.chaperone.demo.StatusSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker client against the embedded broker and the demo portal over real loopback HTTP. */
class TokenExchangeTest {
    static final String AUDIENCE = "finance-portal";
    static final String RESOURCE = "http://127.0.0.1:18081";
    static final Task TASK = new Task("t1", "Review invoices", Origin.parse(RESOURCE), AUDIENCE,
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
        broker.registerAssistant(ASSISTANT.clientId(), key, Set.of(AUDIENCE), Set.of("invoices:read", "invoices:export"));
        client = clientWith(DpopMode.OFF);
    }

    BrokerClient clientWith(DpopMode mode) throws TokenBrokerException {
        return BrokerClient.discover(BrokerSettings.of(broker.issuer()).withDpop(mode), ASSISTANT, key,
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
        assertEquals(List.of(AUDIENCE), claims.getAudience());
        assertEquals(Set.of("invoices:read", "invoices:export"), Set.of(claims.getStringClaim("scope").split(" ")));
        long lifetime = (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
        assertEquals(300, lifetime);
        assertEquals(claims.getJWTID(), token.tokenId());
        assertEquals("alice", token.delegation().humanSubject());
        assertEquals(List.of("assistant-test"), token.delegation().actors());
        assertFalse(token.keyBound());
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
    void anotherKeyCannotActAsTheAssistantAndTheBrokersOwnWordsReachTheMessage() throws Exception {
        ECKey stranger = AssistantKeyStore.loadOrCreate(dir.resolve("stranger.jwk"));
        BrokerClient impostor = BrokerClient.discover(BrokerSettings.of(broker.issuer()), ASSISTANT, stranger,
                () -> broker.signInLocalUser("alice", "Alice"));
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> impostor.obtain(ALICE, TASK));
        assertEquals(TokenBrokerException.Kind.REFUSED, e.kind());
        assertEquals("invalid_client", e.oauthError().orElseThrow());
        assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
    }

    @Test
    void scopesBeyondTheRegistrationAreRefused() {
        Task greedy = new Task("t2", "x", TASK.allowedOrigin(), AUDIENCE, Set.of("invoices:read", "admin"));
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> client.obtain(ALICE, greedy));
        assertEquals("invalid_scope", e.oauthError().orElseThrow(), e.getMessage());
    }

    @Test
    void anotherAudienceIsRefused() {
        Task elsewhere = new Task("t3", "x", Origin.parse("http://127.0.0.1:9"), "payroll", Set.of("invoices:read"));
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> client.obtain(ALICE, elsewhere));
        assertEquals("invalid_target", e.oauthError().orElseThrow(), e.getMessage());
    }

    @Test
    void aForgedHumanTokenIsRefused() throws Exception {
        BrokerClient forged = BrokerClient.discover(BrokerSettings.of(broker.issuer()), ASSISTANT, key,
                () -> "eyJhbGciOiJub25lIn0.e30.");
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> forged.obtain(ALICE, TASK));
        assertEquals("invalid_grant", e.oauthError().orElseThrow(), e.getMessage());
    }

    @Test
    void aBrokerThatIsDownGivesAClearError() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        TokenBrokerException e = assertThrows(TokenBrokerException.class, () -> BrokerClient.discover(
                BrokerSettings.of(URI.create("http://127.0.0.1:" + freePort)), ASSISTANT, key, () -> "x"));
        assertEquals(TokenBrokerException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().startsWith("Cannot reach the broker"), e.getMessage());
    }

    @Test
    void credentialsGoOnlyToTheAllowedOriginAndStopWhenCleared() throws Exception {
        TaskToken token = client.obtain(ALICE, TASK);
        ScopedTaskCredentials credentials = client.credentialsFor(TASK.allowedOrigin(), token);
        assertEquals(Map.of("Authorization", "Bearer " + token.value()),
                credentials.headersFor("GET", URI.create(RESOURCE + "/x?y=1")));
        assertTrue(credentials.headersFor("GET", URI.create("http://127.0.0.1:18082/")).isEmpty());
        assertTrue(credentials.headersFor("GET", URI.create("https://127.0.0.1:18081/")).isEmpty());
        credentials.clear();
        assertTrue(credentials.headersFor("GET", URI.create(RESOURCE + "/")).isEmpty());
    }

    @Test
    void dpopBindsTheTokenToTheSessionKeyAndEachRequestGetsItsOwnProof() throws Exception {
        BrokerClient bound = clientWith(DpopMode.REQUIRED);
        TaskToken token = bound.obtain(ALICE, TASK);
        assertTrue(token.keyBound());
        var claims = SignedJWT.parse(token.value()).getJWTClaimsSet();
        assertTrue(JWKThumbprintConfirmation.parse(claims) != null, "cnf.jkt is in the token");
        ScopedTaskCredentials credentials = bound.credentialsFor(TASK.allowedOrigin(), token);
        Map<String, String> get = credentials.headersFor("GET", URI.create(RESOURCE + "/invoices?page=2"));
        assertEquals("DPoP " + token.value(), get.get("Authorization"));
        var proof = SignedJWT.parse(get.get("DPoP")).getJWTClaimsSet();
        assertEquals("GET", proof.getStringClaim("htm"));
        assertEquals(RESOURCE + "/invoices", proof.getStringClaim("htu"));
        assertTrue(proof.getStringClaim("ath") != null, "the proof is tied to this token");
        String second = credentials.headersFor("GET", URI.create(RESOURCE + "/invoices")).get("DPoP");
        assertFalse(second.equals(get.get("DPoP")), "a proof is never reused");
    }

    @Test
    void anApprovedWriteGetsATokenOfItsOwnThatTheDemoPortalAcceptsOnceAndThatIsRevokedAfter() throws Exception {
        broker.registerAssistant(ASSISTANT.clientId(), key, Set.of(AUDIENCE), Set.of("invoices:read", "invoices:write"),
                Set.of("invoices:write"));
        try (StatusSite status = StatusSite.start(0);
             FinancePortal portal = FinancePortal.start(0, broker.issuer(), broker.jwksUri(), status.origin(), AUDIENCE)) {
            Task task = new Task("t5", "Mark invoices paid", Origin.parse(portal.origin().toString()), AUDIENCE,
                    java.util.Optional.empty(), Set.of("invoices:read", "invoices:write"), List.of(), "confidential",
                    Set.of("invoices:write"));
            BrokerClient bound = clientWith(DpopMode.REQUIRED);
            TaskToken reading = bound.obtain(ALICE, task.forReading());
            assertEquals(Set.of("invoices:read"), reading.scopes(), "the session's token has no write scope");
            java.util.List<String> revoked = new java.util.concurrent.CopyOnWriteArrayList<>();
            ScopedTaskCredentials credentials = bound.credentialsFor(task.allowedOrigin(), reading,
                    java.util.Optional.of(new ScopedTaskCredentials.WriteTokens() {
                        @Override
                        public TaskToken mint(String method, URI url) throws TokenBrokerException {
                            return bound.obtain(ALICE, task.forOneWrite().orElseThrow());
                        }

                        @Override
                        public void revoke(TaskToken token) {
                            try {
                                bound.revoke(token);
                                revoked.add(token.tokenId());
                            } catch (TokenBrokerException e) {
                                throw new AssertionError(e);
                            }
                        }
                    }));
            URI paid = URI.create(portal.origin() + "/invoices/INV-1001/paid");
            HttpClient http = HttpClient.newHttpClient();

            HttpRequest.Builder withReading = HttpRequest.newBuilder(paid).POST(HttpRequest.BodyPublishers.noBody());
            credentials.headersFor("POST", paid).forEach(withReading::header);
            assertEquals(403, http.send(withReading.build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "the reading token cannot write");

            dev.chaperone.core.token.WriteCredential own = credentials.forOneWrite("POST", paid).orElseThrow();
            var claims = SignedJWT.parse(own.headers().get("Authorization").substring("DPoP ".length())).getJWTClaimsSet();
            assertEquals("invoices:write", claims.getStringClaim("scope"));
            assertEquals(own.tokenId(), claims.getJWTID());
            assertEquals(60, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000,
                    "a write's token lives a minute");
            assertEquals("POST", SignedJWT.parse(own.headers().get("DPoP")).getJWTClaimsSet().getStringClaim("htm"));
            HttpRequest.Builder withOwn = HttpRequest.newBuilder(paid).POST(HttpRequest.BodyPublishers.noBody());
            own.headers().forEach(withOwn::header);
            HttpResponse<String> done = http.send(withOwn.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, done.statusCode(), done.body());
            assertEquals(401, http.send(withOwn.build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "its proof is spent: the same request cannot be replayed");
            own.revoke();
            own.revoke();
            assertEquals(List.of(own.tokenId()), revoked, "revoked once, however often asked");
            assertTrue(broker.isRevoked(own.tokenId()));
            assertFalse(broker.isRevoked(reading.tokenId()));

            assertTrue(credentials.forOneWrite("POST", URI.create(status.origin() + "/x")).isEmpty(), "only the task's site");
            credentials.clear();
            assertTrue(credentials.forOneWrite("POST", paid).isEmpty(), "nothing once the session's access is gone");
        }
    }

    @Test
    void theDemoPortalAcceptsTheBoundTokenOnlyWithItsProof() throws Exception {
        try (StatusSite status = StatusSite.start(0);
             FinancePortal portal = FinancePortal.start(0, broker.issuer(), broker.jwksUri(), status.origin(), AUDIENCE)) {
            Task task = new Task("t4", "Review invoices", Origin.parse(portal.origin().toString()), AUDIENCE,
                    Set.of("invoices:read"));
            BrokerClient bound = clientWith(DpopMode.REQUIRED);
            TaskToken token = bound.obtain(ALICE, task);
            ScopedTaskCredentials credentials = bound.credentialsFor(task.allowedOrigin(), token);
            URI home = URI.create(portal.origin() + "/");
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest.Builder withProof = HttpRequest.newBuilder(home);
            credentials.headersFor("GET", home).forEach(withProof::header);
            HttpResponse<String> ok = http.send(withProof.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("via assistant assistant-test"), ok.body());

            // What a page script could copy: the value alone, as a bearer token or with a stale proof.
            HttpResponse<String> copied = http.send(HttpRequest.newBuilder(home)
                    .header("Authorization", "Bearer " + token.value()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, copied.statusCode());
            HttpResponse<String> replayed = http.send(withProof.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, replayed.statusCode(), "a proof is accepted once");
        }
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
