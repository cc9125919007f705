package dev.chaperone.app.session;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.broker.client.TokenJournal;
import dev.chaperone.broker.client.signin.HumanSession;
import dev.chaperone.broker.client.testing.KeycloakRealm;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.token.TaskToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a killed session leaves is its journal on disk and a token live at Keycloak; the next
 * start revokes it before anything else. The kill itself is stood in for by the journal file a
 * session writes (the process end is the ProcessLifecycleTest's subject).
 */
class LeftoverTokensTest {
    @TempDir
    Path dir;

    @Test
    void aTokenAKilledSessionLeftLiveIsRevokedAtTheNextStartAndAnotherBrokersIsOnlyNoted() throws Exception {
        KeycloakRealm keycloak = KeycloakRealm.running();
        ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("assistant.jwk"));
        keycloak.registerAssistantKey(key);
        HumanSession alice = keycloak.signInAliceByDeviceCode();
        AssistantIdentity assistant = new AssistantIdentity(KeycloakRealm.ASSISTANT_CLIENT, "Assistant");
        BrokerSettings settings = BrokerSettings.of(keycloak.issuer());
        TaskToken left = BrokerClient.discover(settings, assistant, key, alice::accessToken).obtain(alice.human(),
                new Task("t", "Invoices", Origin.parse("http://127.0.0.1:9"), KeycloakRealm.PORTAL_AUDIENCE, Set.of("invoices:read")));

        Path sessions = dir.resolve("sessions");
        TokenJournal killed = TokenJournal.in(sessions.resolve("killed-session"));
        killed.record(keycloak.issuer(), left.value());
        killed.record(URI.create("https://old-broker.example.com"), "a-token-from-before-the-broker-changed");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                sessions.resolve("killed-session").resolve(TokenJournal.FILE_NAME))));
        assertTrue(keycloak.activeForThePortal(left.value()));

        try (SqliteAuditLog audit = SqliteAuditLog.open(dir.resolve("audit.db"))) {
            assertEquals(1, LeftoverTokens.revoke(sessions, settings, assistant, key, dev.chaperone.core.audit.AuditTrail.forWorkstation(audit)));
            assertFalse(keycloak.activeForThePortal(left.value()), "revoked at Keycloak");
            List<String> outcomes = audit.rowsWritten().stream().filter(r -> r.type().equals("LEFTOVER_TOKEN_REVOKED"))
                    .map(r -> r.field("outcome")).toList();
            assertEquals(2, outcomes.size());
            assertEquals("revoked", outcomes.get(0));
            assertTrue(outcomes.get(1).startsWith("not revoked: issued by https://old-broker.example.com"), outcomes.get(1));
            assertTrue(audit.rowsWritten().stream().noneMatch(r -> r.event().contains(left.value())),
                    "the audit names tokens, never shows them");
        }
    }
}
