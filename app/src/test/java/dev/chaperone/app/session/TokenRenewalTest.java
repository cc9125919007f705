package dev.chaperone.app.session;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.broker.client.DpopMode;
import dev.chaperone.broker.client.ScopedTaskCredentials;
import dev.chaperone.broker.embedded.EmbeddedBroker;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.session.AssistantSession;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.session.TeardownReport;
import dev.chaperone.core.token.TaskToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renewal against the embedded broker over HTTP: a fresh token replaces the old one, or the session ends. */
class TokenRenewalTest {
    @TempDir
    Path dir;
    EmbeddedBroker broker;
    BrokerClient client;
    SqliteAuditLog audit;
    AssistantSession session;
    ScopedTaskCredentials credentials;
    TaskToken first;
    final List<Instant> renewedExpiries = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.start(0);
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("key.jwk"));
        AssistantIdentity assistant = new AssistantIdentity(AssistantKeyStore.clientIdFor(key), "A");
        broker.registerAssistant(assistant.clientId(), key, Set.of(SessionSupervisorTest.TASK.audience()),
                SessionSupervisorTest.TASK.scopes());
        client = BrokerClient.discover(BrokerSettings.of(broker.issuer()).withDpop(DpopMode.OFF), assistant, key,
                () -> broker.signInLocalUser("alice", "Alice"));
        audit = SqliteAuditLog.open(dir.resolve("audit.db"));
        Human alice = new Human("alice", "Alice");
        session = new AssistantSession(dev.chaperone.core.audit.AuditTrail.forSession(audit,
                new Attribution(alice, assistant, SessionSupervisorTest.TASK, "s1")));
        first = client.obtain(alice, SessionSupervisorTest.TASK);
        credentials = client.credentialsFor(SessionSupervisorTest.TASK.allowedOrigin(), first);
    }

    @AfterEach
    void stop() {
        audit.close();
        broker.close();
    }

    @Test
    void aRenewedTokenReplacesTheOldOneWhichIsRevoked() throws Exception {
        try (TokenRenewal renewal = new TokenRenewal(session, client, credentials, renewed -> renewedExpiries.add(renewed.expiresAt()),
                failures::add)) {
            renewal.renew();
        }
        String header = credentials.headersFor("GET", URI.create(SessionSupervisorTest.TASK.allowedOrigin() + "/")).get("Authorization");
        String renewed = header.substring("Bearer ".length());
        assertNotEquals(first.value(), renewed);
        assertFalse(client.introspect(first.value()).isActive(), "the replaced token must be revoked");
        assertTrue(client.introspect(renewed).isActive());
        assertEquals(1, renewedExpiries.size());
        assertTrue(failures.isEmpty());
        assertTrue(session.isActive());
    }

    @Test
    void whenTheBrokerIsGoneTheSessionEnds() throws Exception {
        broker.close();
        try (TokenRenewal renewal = new TokenRenewal(session, client, credentials, renewed -> renewedExpiries.add(renewed.expiresAt()),
                failures::add)) {
            renewal.renew();
        }
        assertTrue(renewedExpiries.isEmpty());
        assertEquals(1, failures.size(), "the supervisor is told, and it ends the session");
        assertTrue(failures.get(0).startsWith("Cannot reach the broker"), failures.get(0));
    }
}
