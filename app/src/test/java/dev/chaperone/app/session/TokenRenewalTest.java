package dev.chaperone.app.session;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.BrokerClient;
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

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.start(0);
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("key.jwk"));
        AssistantIdentity assistant = new AssistantIdentity(SessionLauncher.clientIdFor(key), "A");
        broker.registerAssistant(assistant.clientId(), key, Set.of(URI.create(SessionLauncherTest.TASK.resource())),
                SessionLauncherTest.TASK.scopes());
        client = BrokerClient.discover(broker.metadataUri(), assistant, key, () -> broker.signInLocalUser("alice", "Alice"));
        audit = SqliteAuditLog.open(dir.resolve("audit.db"));
        Human alice = new Human("alice", "Alice");
        session = new AssistantSession(new Attribution(alice, assistant, SessionLauncherTest.TASK, "s1"), audit);
        first = client.obtain(alice, SessionLauncherTest.TASK);
        credentials = new ScopedTaskCredentials(SessionLauncherTest.TASK.allowedOrigin(), first, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        audit.close();
        broker.close();
    }

    @Test
    void aRenewedTokenReplacesTheOldOneWhichIsRevoked() throws Exception {
        try (TokenRenewal renewal = new TokenRenewal(session, client, credentials, audit, renewedExpiries::add)) {
            renewal.renew();
        }
        String header = credentials.authorizationFor(SessionLauncherTest.TASK.allowedOrigin()).orElseThrow();
        String renewed = header.substring("Bearer ".length());
        assertNotEquals(first.value(), renewed);
        assertFalse(client.introspect(first.value()).isActive(), "the replaced token must be revoked");
        assertTrue(client.introspect(renewed).isActive());
        assertEquals(1, renewedExpiries.size());
        SqliteAuditLog.AuditRow issued = audit.rows().get(audit.rows().size() - 1);
        assertEquals("TOKEN_ISSUED", issued.type());
        assertEquals("renewed", issued.details().get("how"));
        assertTrue(session.isActive());
    }

    @Test
    void whenTheBrokerIsGoneTheSessionEnds() throws Exception {
        broker.close();
        try (TokenRenewal renewal = new TokenRenewal(session, client, credentials, audit, renewedExpiries::add)) {
            renewal.renew();
            TeardownReport report = session.whenEnded().get(10, TimeUnit.SECONDS);
            assertEquals(EndReason.TOKEN_EXPIRED, report.reason());
        }
        assertFalse(session.isActive());
        assertTrue(renewedExpiries.isEmpty());
        assertTrue(audit.rows().stream().anyMatch(r -> r.type().equals("TOKEN_RENEWAL_FAILED")
                && r.details().get("error").startsWith("Cannot reach the broker")));
    }
}
