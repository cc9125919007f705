package dev.chaperone.app.session;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.broker.embedded.EmbeddedBroker;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.session.TeardownReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail closed at start, through the one end path. The browser runtime is null on purpose: opening
 * the browser then fails after the token was exchanged, a fault a real Chromium does not produce
 * on demand, and the test shows that token is revoked all the same.
 */
class SessionSupervisorTest {
    static final Task TASK = new Task("invoice-review", "Review invoices", Origin.parse("http://127.0.0.1:18081"),
            "finance-portal", Set.of("invoices:read"));
    static final Human ALICE = new Human("alice", "Alice");

    @TempDir
    Path dir;

    private SessionSupervisor.Outcome start(URI issuer, ECKey key, SqliteAuditLog audit,
                                            dev.chaperone.broker.client.SubjectTokenSource human) {
        SessionSupervisor supervisor = new SessionSupervisor(new SessionSupervisor.Environment(null, dir.resolve("chromium"), false, audit,
                new dev.chaperone.core.gate.DefaultPolicy(), null,
                Duration.ofSeconds(30), dir.resolve("downloads"), null, null, expiry -> { }));
        SessionPlan plan = new SessionPlan(ALICE, new AssistantIdentity(AssistantKeyStore.clientIdFor(key), "Assistant"),
                key, BrokerSettings.of(issuer), human, TASK);
        return supervisor.start(plan, "s1", dir.resolve("session")).join();
    }

    private static List<String> types(SqliteAuditLog audit) {
        return audit.rowsWritten().stream().map(AuditRow::type).toList();
    }

    @Test
    void aBrokerThatIsDownRefusesTheSessionSaysWhyAndEndsThroughTheOneEndPath() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("key.jwk"));
        try (SqliteAuditLog audit = SqliteAuditLog.open(dir.resolve("audit.db"))) {
            SessionSupervisor.Outcome outcome = start(URI.create("http://127.0.0.1:" + closedPort), key, audit, () -> "unused");
            SessionSupervisor.Refused refused = assertInstanceOf(SessionSupervisor.Refused.class, outcome);
            assertTrue(refused.reason().startsWith("Cannot reach the broker at http://127.0.0.1:" + closedPort), refused.reason());
            List<String> types = types(audit);
            assertEquals(List.of("SESSION_REFUSED", "SESSION_ENDING"), types.subList(0, 2));
            assertTrue(types.contains("TOKEN_REVOKED") && types.contains("PROFILE_WIPED"), types.toString());
            assertEquals(List.of("SESSION_ENDED", "AUDIT_CHECKPOINTED"), types.subList(types.size() - 2, types.size()),
                    "the end of a session is followed by a signed checkpoint");
            assertEquals(refused.reason(), audit.rowsWritten().get(0).field("reason"));
        }
    }

    @Test
    void anAssistantTheBrokerDoesNotKnowIsRefusedInTheBrokersOwnWords() throws Exception {
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("key.jwk"));
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             SqliteAuditLog audit = SqliteAuditLog.open(dir.resolve("audit.db"))) {
            SessionSupervisor.Outcome outcome = start(broker.issuer(), key, audit, () -> broker.signInLocalUser("alice", "Alice"));
            SessionSupervisor.Refused refused = assertInstanceOf(SessionSupervisor.Refused.class, outcome);
            assertTrue(refused.reason().contains("invalid_client"), refused.reason());
        }
    }

    @Test
    void aTokenExchangedBeforeTheBrowserFailedIsRevokedAndTheSessionDirectoryWiped() throws Exception {
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("key.jwk"));
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             SqliteAuditLog audit = SqliteAuditLog.open(dir.resolve("audit.db"))) {
            broker.registerAssistant(AssistantKeyStore.clientIdFor(key), key, Set.of(TASK.audience()), TASK.scopes());
            SessionSupervisor.Refused refused = assertInstanceOf(SessionSupervisor.Refused.class,
                    start(broker.issuer(), key, audit, () -> broker.signInLocalUser("alice", "Alice")));
            AuditRow issued = audit.rowsWritten().stream().filter(r -> r.type().equals("TOKEN_ISSUED")).findFirst().orElseThrow();
            String tokenId = issued.field("token.tokenId");
            assertTrue(broker.isRevoked(tokenId), "the token obtained before the failure is revoked at the broker");
            TeardownReport cleanup = refused.cleanup();
            assertEquals(List.of("Deny the questions still open", "Revoke the assistant's access",
                    "Close the assistant's browser", "Wipe the session's files"),
                    cleanup.steps().stream().map(TeardownReport.StepResult::name).toList());
            assertTrue(cleanup.steps().get(1).succeeded(), "revoke");
            assertTrue(cleanup.steps().get(3).succeeded(), "wipe");
            assertFalse(Files.exists(dir.resolve("session")), "the session directory, journal included, is wiped");
            assertEquals(tokenId, audit.rowsWritten().stream().filter(r -> r.type().equals("TOKEN_REVOKED")).findFirst()
                    .orElseThrow().field("tokenId"));
        }
    }
}
