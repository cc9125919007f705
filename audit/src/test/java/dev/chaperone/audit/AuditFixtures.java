package dev.chaperone.audit;

import dev.chaperone.core.audit.ActionFacts;
import dev.chaperone.core.audit.AuditAttribution;
import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.DecisionFacts;
import dev.chaperone.core.audit.ExecutionPath;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.gate.Outcome;
import dev.chaperone.core.gate.ReasonCode;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Entries as the app writes them, for the store's tests and the kill test's child process. */
public final class AuditFixtures {
    public static final Attribution WHO = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-1", "A"),
            new Task("t1", "Invoices", Origin.parse("http://127.0.0.1:1"), "http://127.0.0.1:1", Set.of("r")),
            "Check last month's invoices", "s1");

    private AuditFixtures() {
    }

    public static AuditEntry entry(AuditEvent event) {
        return new AuditEntry(Instant.now(), Optional.of(AuditAttribution.of(WHO)), event);
    }

    public static AuditEntry navigation(int i) {
        return entry(new AuditEvent.ActionDecided(
                new ActionFacts(ActionKind.NAVIGATE, "GET", "http://127.0.0.1:1/page/" + i, ""),
                new DecisionFacts(Outcome.ALLOW, DecidedBy.POLICY, ReasonCode.READ_ALLOWED, "Reading web pages is allowed."),
                new ExecutionPath(Initiator.Kind.ASSISTANT_BROWSER, "", "", List.of("audit", "session-open",
                        "policy: ALLOW READ_ALLOWED"))));
    }
}
