package dev.chaperone.app.session;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.embedded.EmbeddedBroker;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail closed at start: when the broker is down or refuses, no session and no browser start.
 * The browser runtime is passed as null on purpose: touching it would fail the test.
 */
class SessionLauncherTest {
    @TempDir
    Path dir;

    static final Task TASK = new Task("invoice-review", "Review invoices", Origin.parse("http://127.0.0.1:18081"),
            "http://127.0.0.1:18081", Set.of("invoices:read"));

    private SessionLauncher.Outcome start(URI metadata, ECKey key, SqliteAuditLog audit, java.util.function.Supplier<String> human) {
        return SessionLauncher.start(new SessionLauncher.Inputs(new Human("alice", "Alice"),
                new AssistantIdentity(SessionLauncher.clientIdFor(key), "Assistant"), key, TASK, metadata, human,
                "s1", dir.resolve("session"), dir.resolve("downloads"), null, audit, null, Duration.ofSeconds(30),
                null, null, token -> { }));
    }

    @Test
    void aBrokerThatIsDownRefusesTheSessionAndSaysWhy() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("key.jwk"));
        try (SqliteAuditLog audit = SqliteAuditLog.open(dir.resolve("audit.db"))) {
            SessionLauncher.Outcome outcome = start(URI.create("http://127.0.0.1:" + closedPort + EmbeddedBroker.METADATA_PATH),
                    key, audit, () -> "unused");
            SessionLauncher.Refused refused = assertInstanceOf(SessionLauncher.Refused.class, outcome);
            assertTrue(refused.reason().startsWith("Cannot reach the broker at http://127.0.0.1:" + closedPort), refused.reason());
            assertEquals(List.of("SESSION_REFUSED"), audit.rows().stream().map(SqliteAuditLog.AuditRow::type).toList());
            assertEquals(refused.reason(), audit.rows().get(0).details().get("reason"));
        }
    }

    @Test
    void anAssistantTheBrokerDoesNotKnowIsRefused() throws Exception {
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("key.jwk"));
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             SqliteAuditLog audit = SqliteAuditLog.open(dir.resolve("audit.db"))) {
            SessionLauncher.Outcome outcome = start(broker.metadataUri(), key, audit,
                    () -> broker.signInLocalUser("alice", "Alice"));
            SessionLauncher.Refused refused = assertInstanceOf(SessionLauncher.Refused.class, outcome);
            assertTrue(refused.reason().contains("invalid_client"), refused.reason());
        }
    }
}
