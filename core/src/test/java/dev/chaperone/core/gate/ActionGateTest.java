package dev.chaperone.core.gate;

import dev.chaperone.core.Fixtures;
import dev.chaperone.core.RecordingAuditLog;
import dev.chaperone.core.audit.AuditEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionGateTest {
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final AtomicBoolean sessionActive = new AtomicBoolean(true);
    private ActionGate gate;

    private ActionGate gate(ApprovalPrompt prompt, Duration timeout) {
        gate = ActionGate.standard(audit.trail(), sessionActive::get, new DefaultPolicy(), prompt, timeout);
        return gate;
    }

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void downloadWaitsForThePersonAndTheirAllowWins() {
        AtomicInteger asked = new AtomicInteger();
        ActionGate g = gate(answering(true, asked), Duration.ofSeconds(5));
        Decision d = g.decideWaiting(AssistantAction.download("http://127.0.0.1:8081/export.csv", "invoices.csv")).join();
        assertEquals(Outcome.ALLOW, d.outcome());
        assertEquals(DecidedBy.HUMAN, d.decidedBy());
        assertEquals(1, asked.get());
        assertEquals(java.util.List.of("PROMPT_SHOWN", "PROMPT_ANSWERED", "ACTION_DECIDED"), audit.types());
        AuditEvent.PromptAnswered answer = (AuditEvent.PromptAnswered) audit.events().get(1);
        assertEquals("alice", answer.approver());
        AuditEvent.ActionDecided row = (AuditEvent.ActionDecided) audit.events().get(2);
        assertEquals(java.util.List.of("audit", "session-open", "policy", "approval: ALLOW PERSON_ALLOWED"), row.path().steps());
        assertEquals(Initiator.Kind.ASSISTANT_BROWSER, row.path().initiatedBy());
        assertEquals(audit.entries.get(2), audit.durable.get(0), "the allowed download's row is durable before it runs");
    }

    @Test
    void silenceIsADenyAndThePromptIsWithdrawn() {
        AtomicBoolean withdrawn = new AtomicBoolean();
        ApprovalPrompt silent = new ApprovalPrompt() {
            @Override
            public CompletableFuture<Boolean> ask(ApprovalRequest request) {
                return new CompletableFuture<>();
            }

            @Override
            public void withdraw(ApprovalRequest request) {
                withdrawn.set(true);
            }
        };
        Decision d = gate(silent, Duration.ofMillis(200))
                .decideWaiting(AssistantAction.download("http://127.0.0.1:8081/export.csv", "x.csv")).join();
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(DecidedBy.TIMEOUT, d.decidedBy());
        assertEquals(ReasonCode.NO_ANSWER_IN_TIME, d.code());
        assertTrue(withdrawn.get());
        assertEquals(java.util.List.of("PROMPT_SHOWN", "PROMPT_TIMED_OUT", "ACTION_DECIDED"), audit.types());
    }

    @Test
    void aCallerThatCannotWaitGetsDenyNotAllow() {
        AtomicInteger asked = new AtomicInteger();
        Decision d = gate(answering(true, asked), Duration.ofSeconds(5))
                .decideNow(AssistantAction.request("POST", "http://127.0.0.1:8081/invoices/1/delete"));
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(0, asked.get());
    }

    @Test
    void thePersonIsToldThePolicysReasonForAsking() {
        java.util.List<ApprovalRequest> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        ApprovalPrompt recording = new ApprovalPrompt() {
            @Override
            public CompletableFuture<Boolean> ask(ApprovalRequest request) {
                asked.add(request);
                return CompletableFuture.completedFuture(false);
            }

            @Override
            public void withdraw(ApprovalRequest request) {
            }
        };
        ActionGate g = gate(recording, Duration.ofSeconds(5));
        g.decideWaiting(AssistantAction.download("http://127.0.0.1:8081/export.csv", "invoices.csv")).join();
        assertEquals("Saving a file takes data off the page.", asked.get(0).reason());
        Decision blocked = g.decideNow(AssistantAction.request("POST", "http://127.0.0.1:8081/invoices/1/delete"));
        assertTrue(blocked.reason().startsWith("This would change data on http://127.0.0.1:8081, which the task did not declare."),
                blocked.reason());
    }

    @Test
    void nothingPassesOnceTheSessionEnded() {
        sessionActive.set(false);
        Decision d = gate(answering(true, new AtomicInteger()), Duration.ofSeconds(5))
                .decideNow(AssistantAction.navigate("http://127.0.0.1:8081/"));
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals("The session has ended.", d.reason());
    }

    @Test
    void anActionThatCannotBeAuditedIsDenied() {
        audit.broken = true;
        Decision d = gate(answering(true, new AtomicInteger()), Duration.ofSeconds(5))
                .decideNow(AssistantAction.navigate("http://127.0.0.1:8081/"));
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(DecidedBy.GATE, d.decidedBy());
    }

    @Test
    void allowedSubresourceRequestsAreNotAuditedButNavigationsAndDenialsAre() {
        ActionGate g = gate(answering(true, new AtomicInteger()), Duration.ofSeconds(5));
        g.decideNow(AssistantAction.request("GET", "http://127.0.0.1:8081/style.css"));
        g.decideNow(AssistantAction.navigate("http://127.0.0.1:8081/"));
        g.decideNow(AssistantAction.navigate("file:///etc/passwd"));
        assertEquals(java.util.List.of("ACTION_DECIDED", "ACTION_DECIDED"), audit.types());
        AuditEvent.ActionDecided denied = (AuditEvent.ActionDecided) audit.events().get(1);
        assertEquals(Outcome.DENY, denied.decision().outcome());
        assertEquals(ReasonCode.NOT_A_WEB_ADDRESS, denied.decision().code());
        assertEquals(java.util.List.of("audit", "session-open", "policy: DENY NOT_A_WEB_ADDRESS"), denied.path().steps());
        assertEquals(1, audit.durable.size(), "only the allowed navigation waited for the disk");
        g.decideNow(new AssistantAction(ActionKind.TOOL_CALL, "GET", "http://127.0.0.1:8081/", "read the page",
                Initiator.tool("c", "browser_snapshot")));
        assertEquals(1, audit.durable.size(), "a tool call that only reads the page is queued");
    }

    @Test
    void aStepThatThrowsFailsClosed() {
        gate = new ActionGate(java.util.List.of(chain -> {
            throw new IllegalStateException("boom");
        }), Fixtures.WHO);
        Decision d = gate.decideNow(AssistantAction.navigate("http://127.0.0.1:8081/"));
        assertEquals(Outcome.DENY, d.outcome());
        assertTrue(d.reason().contains("boom"));
    }

    @Test
    void aStepThatThrowsBehindTheAuditStepIsADenyThatIsRecorded() {
        gate = new ActionGate(java.util.List.of(new dev.chaperone.core.gate.steps.AuditStep(audit.trail()), chain -> {
            throw new IllegalStateException("policy file vanished");
        }), Fixtures.WHO);
        Decision d = gate.decideNow(AssistantAction.navigate("http://127.0.0.1:8081/"));
        assertEquals(ReasonCode.SAFETY_CHECK_FAILED, d.code());
        AuditEvent.ActionDecided row = (AuditEvent.ActionDecided) audit.events().get(0);
        assertEquals(ReasonCode.SAFETY_CHECK_FAILED, row.decision().code());
        assertTrue(row.decision().reason().contains("policy file vanished"));
    }

    @Test
    void anAllowedExportClickCoversTheOneDownloadItStartsAndNothingElse() {
        AtomicInteger asked = new AtomicInteger();
        ActionGate g = gate(answering(true, asked), Duration.ofSeconds(5));
        AssistantAction exportClick = new AssistantAction(ActionKind.CLICK, "GET", "http://127.0.0.1:8081/", "link \"Export CSV\"",
                Initiator.tool("c", "browser_click"));
        assertEquals(Outcome.ALLOW, g.decideWaiting(exportClick).join().outcome());
        assertEquals(1, asked.get());
        Decision file = g.decideWaiting(AssistantAction.download("http://127.0.0.1:8081/export.csv", "invoices.csv")).join();
        assertEquals(Outcome.ALLOW, file.outcome());
        assertTrue(file.reason().startsWith("Covered by your approval of link \"Export CSV\""), file.reason());
        assertEquals(1, asked.get(), "one approval, one file");
        g.decideWaiting(AssistantAction.download("http://127.0.0.1:8081/export.csv", "again.csv")).join();
        assertEquals(2, asked.get(), "a second download is asked about again");
        g.decideWaiting(new AssistantAction(ActionKind.CLICK, "GET", "http://127.0.0.1:8081/", "link \"Export CSV\"")).join();
        g.decideWaiting(AssistantAction.download("http://127.0.0.1:9999/other.csv", "other.csv")).join();
        assertEquals(4, asked.get(), "a download from another site is not covered");
    }

    @Test
    void aPipelineWhereNoStepAnswersDenies() {
        gate = new ActionGate(java.util.List.of(GateStep.Chain::proceed), Fixtures.WHO);
        assertEquals(Outcome.DENY, gate.decideNow(AssistantAction.navigate("http://127.0.0.1:8081/")).outcome());
    }

    private static ApprovalPrompt answering(boolean answer, AtomicInteger asked) {
        return new ApprovalPrompt() {
            @Override
            public CompletableFuture<Boolean> ask(ApprovalRequest request) {
                asked.incrementAndGet();
                return CompletableFuture.completedFuture(answer);
            }

            @Override
            public void withdraw(ApprovalRequest request) {
            }
        };
    }
}
