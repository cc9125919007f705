package dev.chaperone.audit.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaperone.audit.AuditFixtures;
import dev.chaperone.core.audit.ActionFacts;
import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.DecisionFacts;
import dev.chaperone.core.audit.ExecutionPath;
import dev.chaperone.core.audit.RecordedEntry;
import dev.chaperone.core.audit.TokenFacts;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.gate.Outcome;
import dev.chaperone.core.gate.ReasonCode;
import dev.chaperone.core.session.EndReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OCSF 1.8.0, field by field, for each class Chaperone maps to. */
class OcsfMapperTest {
    private final OcsfMapper ocsf = new OcsfMapper("0.1.0");

    private JsonNode map(AuditEvent event) {
        return ocsf.map(new RecordedEntry(42, AuditFixtures.entry(event)));
    }

    private static JsonNode action(ActionKind kind, String method, String label, Outcome outcome, Initiator initiator,
                                   OcsfMapper ocsf) {
        return ocsf.map(new RecordedEntry(7, AuditFixtures.entry(new AuditEvent.ActionDecided(
                new ActionFacts(kind, method, "http://127.0.0.1:8081/invoices/INV-1001", label),
                new DecisionFacts(outcome, DecidedBy.HUMAN, outcome == Outcome.ALLOW ? ReasonCode.PERSON_ALLOWED
                        : ReasonCode.PERSON_DENIED, outcome == Outcome.ALLOW ? "You allowed it." : "You denied it."),
                ExecutionPath.of(initiator, List.of("audit", "session-open", "policy", "approval: ALLOW PERSON_ALLOWED"))))));
    }

    private static void assertBase(JsonNode e, int category, int classUid, int activity) {
        assertEquals(category, e.get("category_uid").asInt());
        assertEquals(classUid, e.get("class_uid").asInt());
        assertEquals(activity, e.get("activity_id").asInt());
        assertEquals(classUid * 100L + activity, e.get("type_uid").asLong());
        assertTrue(e.get("time").asLong() > 1_700_000_000_000L, "time is epoch milliseconds");
        assertTrue(e.has("severity_id"));
        assertEquals("1.8.0", e.at("/metadata/version").asText());
        assertEquals("Chaperone", e.at("/metadata/product/name").asText());
        assertEquals("Chaperone", e.at("/metadata/product/vendor_name").asText());
    }

    private static void assertActor(JsonNode e) {
        assertEquals("alice", e.at("/actor/user/uid").asText());
        assertEquals("Alice", e.at("/actor/user/name").asText());
        assertEquals("assistant-1", e.at("/actor/app_uid").asText());
        assertEquals("A", e.at("/actor/app_name").asText());
        assertEquals("s1", e.at("/actor/session/uid").asText());
        assertEquals("Check last month's invoices", e.at("/unmapped/intent").asText());
    }

    @Test
    void signInIsAuthenticationLogon() {
        JsonNode e = ocsf.map(new RecordedEntry(1, new AuditEntry(Instant.now(), Optional.empty(),
                new AuditEvent.HumanSignedIn("alice", "Alice", "https://sso.example/realms/corp", "device-code"))));
        assertBase(e, 3, 3002, 1);
        assertEquals("alice", e.at("/user/uid").asText());
        assertEquals("Alice", e.at("/user/name").asText());
        assertEquals("https://sso.example/realms/corp", e.at("/service/name").asText());
        assertEquals(4, e.get("auth_protocol_id").asInt());
        assertEquals(1, e.get("status_id").asInt());
        assertFalse(e.has("actor"), "no session yet");
    }

    @Test
    void tokenIssueIsAuthorizeSessionWithTheScopesAsPrivileges() {
        JsonNode e = map(new AuditEvent.TokenIssued(new TokenFacts("tok-1", List.of("invoices:export", "invoices:read"),
                List.of("finance-portal"), List.of("assistant-1"), true, "2026-11-29T10:15:00Z")));
        assertBase(e, 3, 3003, 1);
        assertEquals("alice", e.at("/user/uid").asText());
        assertEquals("[\"invoices:export\",\"invoices:read\"]", e.get("privileges").toString());
        assertEquals("tok-1", e.at("/session/uid").asText());
        assertEquals(Instant.parse("2026-11-29T10:15:00Z").toEpochMilli(), e.at("/session/expiration_time").asLong());
        assertFalse(e.has("group"), "just one of privileges and group");
        assertActor(e);
        assertFalse(e.toString().contains("eyJ"), "no token value anywhere");
    }

    @Test
    void revocationIsAuthorizeSessionOther() {
        JsonNode e = map(new AuditEvent.TokenRevoked("tok-1", ""));
        assertBase(e, 3, 3003, 99);
        assertEquals("Revoke", e.get("activity_name").asText());
        assertEquals("tok-1", e.at("/session/uid").asText());
        assertTrue(e.get("privileges").isArray());
    }

    @Test
    void browserActionsAreWebResourcesActivityByWhatTheyDo() {
        Initiator browser = Initiator.BROWSER;
        assertEquals(2, action(ActionKind.NAVIGATE, "GET", "", Outcome.ALLOW, browser, ocsf).get("activity_id").asInt());
        assertEquals(3, action(ActionKind.REQUEST, "POST", "", Outcome.DENY, browser, ocsf).get("activity_id").asInt());
        assertEquals(4, action(ActionKind.CLICK, "GET", "Delete invoice INV-1001", Outcome.DENY, browser, ocsf)
                .get("activity_id").asInt());
        assertEquals(7, action(ActionKind.DOWNLOAD, "GET", "invoices.csv", Outcome.ALLOW, browser, ocsf)
                .get("activity_id").asInt());
        assertEquals(8, action(ActionKind.CLICK, "GET", "Share with finance team", Outcome.ALLOW, browser, ocsf)
                .get("activity_id").asInt());
        JsonNode e = action(ActionKind.CLICK, "GET", "Delete invoice INV-1001", Outcome.DENY, browser, ocsf);
        assertBase(e, 6, 6001, 4);
        assertEquals("http://127.0.0.1:8081/invoices/INV-1001", e.at("/web_resources/0/url_string").asText());
        assertEquals("Delete invoice INV-1001", e.at("/web_resources/0/name").asText());
        assertEquals(2, e.get("status_id").asInt());
        assertEquals("You denied it.", e.get("status_detail").asText());
        assertEquals(2, e.get("action_id").asInt());
        assertEquals("PERSON_DENIED", e.at("/unmapped/reason_code").asText());
        assertEquals("approval: ALLOW PERSON_ALLOWED", e.at("/unmapped/execution_path/3").asText());
        assertTrue(e.at("/metadata/profiles").toString().contains("host"), "6001 carries the actor through the host profile");
        assertActor(e);
    }

    @Test
    void toolCallsAreApiActivity() {
        JsonNode e = action(ActionKind.TOOL_CALL, "POST", "browser_click", Outcome.ALLOW,
                Initiator.tool("claude-code", "browser_click"), ocsf);
        assertBase(e, 6, 6003, 3);
        assertEquals("browser_click", e.at("/api/operation").asText());
        assertEquals("7", e.at("/api/request/uid").asText());
        assertEquals("claude-code", e.at("/src_endpoint/name").asText());
        assertEquals("claude-code", e.at("/unmapped/mcp_client").asText());
        assertEquals(1, e.get("action_id").asInt());
        assertActor(e);
    }

    @Test
    void theRestIsABaseEventThatKeepsItsFields() {
        JsonNode e = map(new AuditEvent.SessionEnded(EndReason.SCREEN_LOCKED, true, 180));
        assertBase(e, 0, 0, 99);
        assertEquals("SESSION_ENDED", e.get("activity_name").asText());
        assertEquals("SCREEN_LOCKED", e.at("/unmapped/event/reason").asText());
        assertEquals("s1:42", e.at("/metadata/uid").asText());
    }

    @Test
    void aSessionsStartNamesItsEngineTheEnginesAgeAndHowItIsContained() {
        JsonNode e = map(new AuditEvent.SessionStarted("https://finance.example", "Invoices", "Check invoices", true,
                "Chromium 146.0.7680.179, released 2026-05-05 (217 days ago)", "contained (bubblewrap, chromium-sandbox): …"));
        assertEquals("SESSION_STARTED", e.get("activity_name").asText());
        assertEquals("Chromium 146.0.7680.179, released 2026-05-05 (217 days ago)", e.at("/unmapped/event/engine").asText());
        assertEquals("contained (bubblewrap, chromium-sandbox): …", e.at("/unmapped/event/containment").asText());
    }
}
