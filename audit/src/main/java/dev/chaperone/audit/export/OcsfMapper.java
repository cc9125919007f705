package dev.chaperone.audit.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaperone.core.audit.AuditAttribution;
import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.ActionFacts;
import dev.chaperone.core.audit.RecordedEntry;
import dev.chaperone.core.audit.TokenFacts;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.Outcome;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns audit entries into OCSF 1.8.0 events for a SIEM:
 * <ul>
 *   <li>sign-in: Authentication (3002, Logon);</li>
 *   <li>token issue and renewal: Authorize Session (3003, Assign Privileges, the scopes as
 *   privileges); revocation: 3003 with activity Other ("Revoke");</li>
 *   <li>browser actions: Web Resources Activity (6001) as Read, Update, Delete, Export or Share,
 *   with the gate's verdict in the security_control profile's {@code action_id};</li>
 *   <li>MCP tool calls: API Activity (6003), the tool as the operation;</li>
 *   <li>everything else (session life, prompts, wipes, checkpoints): Base Event (0, Other).</li>
 * </ul>
 * The human is {@code actor.user}, the assistant the acting application ({@code actor.app_uid},
 * {@code app_name}), the session {@code actor.session.uid}. What OCSF has no place for (task, intent,
 * execution path, reason code, MCP client) goes to {@code unmapped}.
 */
public final class OcsfMapper {
    public static final String OCSF_VERSION = "1.8.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHARE = Pattern.compile("\\b(share|invite)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DELETE = Pattern.compile("\\b(delete|remove)", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXPORT = Pattern.compile("\\b(export|download)", Pattern.CASE_INSENSITIVE);

    private final String productVersion;

    public OcsfMapper(String productVersion) {
        this.productVersion = productVersion;
    }

    public ObjectNode map(RecordedEntry recorded) {
        AuditEntry entry = recorded.entry();
        AuditEvent event = entry.event();
        ObjectNode out = JSON.createObjectNode();
        ObjectNode unmapped = JSON.createObjectNode().put("chaperone_type", event.type());
        if (event instanceof AuditEvent.HumanSignedIn e) {
            classOf(out, 3, 3002, 1, "Authentication", "Logon");
            out.set("user", user(e.subject(), e.name()));
            out.set("service", JSON.createObjectNode().put("name", e.issuer()));
            out.put("auth_protocol_id", 4).put("auth_protocol", "OpenID");
            success(out, true, "Signed in by " + e.method());
        } else if (event instanceof AuditEvent.TokenIssued e) {
            authorize(out, entry, e.token(), "Token issued", unmapped);
        } else if (event instanceof AuditEvent.TokenRenewed e) {
            authorize(out, entry, e.token(), "Token renewed", unmapped);
        } else if (event instanceof AuditEvent.TokenRevoked e) {
            revoke(out, entry, e.tokenId(), e.note());
        } else if (event instanceof AuditEvent.LeftoverTokenRevoked e) {
            revoke(out, entry, "leftover of session " + e.session(), e.outcome());
        } else if (event instanceof AuditEvent.ActionDecided e) {
            boolean allowed = e.decision().outcome() == Outcome.ALLOW;
            if (e.action().kind() == ActionKind.TOOL_CALL) {
                classOf(out, 6, 6003, apiActivity(e.action()), "API Activity", null);
                ObjectNode api = out.putObject("api").put("operation",
                        e.path().tool().isEmpty() ? e.action().label() : e.path().tool());
                api.putObject("request").put("uid", Long.toString(recorded.seq()));
                out.putObject("src_endpoint").put("name", e.path().mcpClient().isEmpty() ? "assistant" : e.path().mcpClient());
            } else {
                classOf(out, 6, 6001, webActivity(e.action()), "Web Resources Activity", null);
                out.putArray("web_resources").add(webResource(e.action()));
                out.putObject("http_request").put("http_method", e.action().method())
                        .putObject("url").put("url_string", e.action().url());
            }
            out.put("action_id", allowed ? 1 : 2).put("action", allowed ? "Allowed" : "Denied");
            success(out, allowed, e.decision().reason());
            unmapped.put("reason_code", e.decision().code().name()).put("decided_by", e.decision().decidedBy().name())
                    .put("initiated_by", e.path().initiatedBy().name());
            unmapped.set("execution_path", JSON.valueToTree(e.path().steps()));
            if (!e.path().mcpClient().isEmpty()) {
                unmapped.put("mcp_client", e.path().mcpClient());
            }
        } else if (event instanceof AuditEvent.DeniedRequestsAggregated e) {
            classOf(out, 6, 6001, 99, "Web Resources Activity", "Denied requests (counted)");
            out.putArray("web_resources").add(JSON.createObjectNode().put("uid", e.origin()).put("name", e.origin())
                    .put("url_string", e.origin()));
            out.put("count", e.count()).put("action_id", 2).put("action", "Denied");
            success(out, false, e.count() + " requests denied within " + e.windowMillis() + " ms");
            unmapped.put("reason_code", e.code().name());
        } else if (event instanceof AuditEvent.DownloadCompleted e) {
            classOf(out, 6, 6001, 7, "Web Resources Activity", "Export");
            out.putArray("web_resources").add(JSON.createObjectNode().put("uid", e.url()).put("name", e.file())
                    .put("url_string", e.url()));
            success(out, true, "Saved " + e.file() + " (" + e.bytes() + " bytes)");
        } else {
            classOf(out, 0, 0, 99, "Base Event", event.type());
            out.put("message", event.type());
            unmapped.set("event", JSON.valueToTree(event));
        }

        out.put("time", entry.at().toEpochMilli());
        out.put("severity_id", out.path("status_id").asInt() == 2 ? 3 : 1);
        out.set("metadata", metadata(recorded, out));
        entry.who().ifPresent(who -> {
            out.set("actor", actor(who));
            unmapped.put("task", who.task()).put("task_title", who.taskTitle()).put("site", who.site());
            if (!who.intent().isEmpty()) {
                unmapped.put("intent", who.intent());
            }
        });
        out.set("unmapped", unmapped);
        return out;
    }

    private void authorize(ObjectNode out, AuditEntry entry, TokenFacts token, String what, ObjectNode unmapped) {
        classOf(out, 3, 3003, 1, "Authorize Session", "Assign Privileges");
        out.set("user", entry.who().map(w -> user(w.human(), w.humanName())).orElse(user("unknown", "unknown")));
        out.set("privileges", JSON.valueToTree(token.scopes()));
        out.putObject("session").put("uid", token.tokenId()).put("issuer", String.join(" ", token.audience()))
                .put("expiration_time", java.time.Instant.parse(token.expiresAt()).toEpochMilli());
        unmapped.set("token_actors", JSON.valueToTree(token.actors()));
        unmapped.put("token_key_bound", token.keyBound());
        success(out, true, what + " for " + String.join(" ", token.audience()));
    }

    private void revoke(ObjectNode out, AuditEntry entry, String tokenId, String note) {
        classOf(out, 3, 3003, 99, "Authorize Session", "Revoke");
        out.set("user", entry.who().map(w -> user(w.human(), w.humanName())).orElse(user("unknown", "unknown")));
        out.putArray("privileges");
        out.putObject("session").put("uid", tokenId);
        boolean failed = note.startsWith("not revoked");
        success(out, !failed, note.isEmpty() ? "Token revoked" : note);
    }

    private static int webActivity(ActionFacts action) {
        String label = action.label();
        if (action.kind() == ActionKind.DOWNLOAD || EXPORT.matcher(label).find()) {
            return 7;
        }
        if (SHARE.matcher(label).find()) {
            return 8;
        }
        if (action.method().equals("DELETE") || DELETE.matcher(label).find()) {
            return 4;
        }
        return switch (action.method()) {
            case "GET", "HEAD", "OPTIONS" -> 2;
            default -> 3;
        };
    }

    private static int apiActivity(ActionFacts action) {
        int web = webActivity(action);
        return web == 2 || web == 3 || web == 4 ? web : 99;
    }

    private static ObjectNode webResource(ActionFacts action) {
        return JSON.createObjectNode().put("uid", action.url()).put("url_string", action.url())
                .put("name", action.label().isEmpty() ? action.url() : action.label())
                .put("type", action.kind().name().toLowerCase(Locale.ROOT));
    }

    private static void classOf(ObjectNode out, int category, int classUid, int activity, String className, String activityName) {
        out.put("category_uid", category).put("class_uid", classUid).put("class_name", className)
                .put("activity_id", activity).put("type_uid", (long) classUid * 100 + activity);
        Optional.ofNullable(activityName).ifPresent(name -> out.put("activity_name", name));
    }

    private static void success(ObjectNode out, boolean ok, String detail) {
        out.put("status_id", ok ? 1 : 2).put("status", ok ? "Success" : "Failure").put("status_detail", detail);
    }

    private static ObjectNode user(String uid, String name) {
        return JSON.createObjectNode().put("uid", uid).put("name", name).put("type_id", 1).put("type", "User");
    }

    private static ObjectNode actor(AuditAttribution who) {
        ObjectNode actor = JSON.createObjectNode();
        actor.set("user", user(who.human(), who.humanName()));
        actor.put("app_uid", who.assistant()).put("app_name", who.assistantName());
        actor.putObject("session").put("uid", who.session());
        return actor;
    }

    private ObjectNode metadata(RecordedEntry recorded, ObjectNode out) {
        ObjectNode metadata = JSON.createObjectNode().put("version", OCSF_VERSION);
        metadata.putObject("product").put("name", "Chaperone").put("vendor_name", "Chaperone").put("version", productVersion);
        metadata.put("uid", recorded.entry().who().map(AuditAttribution::session).orElse("workstation") + ":" + recorded.seq());
        metadata.put("sequence", recorded.seq()).put("log_name", "chaperone-audit");
        recorded.entry().who().ifPresent(who -> metadata.put("correlation_uid", who.session()));
        ArrayNode profiles = metadata.putArray("profiles");
        if (out.has("action_id")) {
            profiles.add("security_control");
        }
        if (out.path("class_uid").asInt() == 6001) {
            profiles.add("host"); // 6001 has an actor only through the host profile.
        }
        return metadata;
    }
}
