package dev.chaperone.core.gate.steps;

import dev.chaperone.core.Fixtures;
import dev.chaperone.core.RecordingAuditLog;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.gate.PendingApprovals;
import dev.chaperone.core.gate.ReasonCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Silence is a deny, but the question stays where the person can still approve it: then the same action goes through once. */
class PendingApprovalTest {
    final RecordingAuditLog audit = new RecordingAuditLog();
    final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    final List<List<PendingApprovals.Pending>> shown = new CopyOnWriteArrayList<>();
    // A person who is away: the prompt is never answered.
    final ApprovalPrompt away = new ApprovalPrompt() {
        @Override
        public CompletableFuture<Boolean> ask(ApprovalRequest request) {
            asked.add(request);
            return new CompletableFuture<>();
        }

        @Override
        public void withdraw(ApprovalRequest request) {
        }
    };
    final ActionGate gate = ActionGate.standard(audit.trail(), () -> true, new DefaultPolicy(), away, Duration.ofMillis(100));

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void aTimedOutQuestionStaysPendingAndALateApprovalLetsTheSameActionThroughOnce() throws Exception {
        gate.pending().onChange(shown::add);
        AssistantAction delete = new AssistantAction(dev.chaperone.core.gate.ActionKind.CLICK, "GET", "http://127.0.0.1:8081/",
                "button \"Delete invoice INV-1001\"", dev.chaperone.core.gate.Initiator.tool("claude", "browser_click"));
        Decision first = gate.decideWaiting(delete).get();
        assertEquals(DecidedBy.TIMEOUT, first.decidedBy());
        assertTrue(first.reason().contains("still pending"), first.reason());
        List<PendingApprovals.Pending> pending = gate.pending().list();
        assertEquals(1, pending.size());
        assertEquals(delete, pending.get(0).request().action());
        assertEquals(pending, shown.get(shown.size() - 1), "the window is told");

        gate.pending().approve(pending.get(0).id());
        assertEquals(List.of(), gate.pending().list());
        Decision retried = gate.decideWaiting(delete).get();
        assertTrue(retried.isAllowed());
        assertEquals(ReasonCode.PERSON_ALLOWED, retried.code());
        assertEquals(1, asked.size(), "the retry was not asked again");
        AuditEvent.PromptAnswered late = audit.events().stream().filter(AuditEvent.PromptAnswered.class::isInstance)
                .map(AuditEvent.PromptAnswered.class::cast).findFirst().orElseThrow();
        assertEquals(Fixtures.WHO.human().subject(), late.approver());

        assertEquals(DecidedBy.TIMEOUT, gate.decideWaiting(delete).get().decidedBy(), "once: the next try is asked again");
        assertEquals(2, asked.size());
    }

    @Test
    void aDismissedQuestionStaysDeniedAndAnotherActionIsNotCovered() throws Exception {
        AssistantAction delete = new AssistantAction(dev.chaperone.core.gate.ActionKind.CLICK, "GET", "http://127.0.0.1:8081/",
                "button \"Delete invoice INV-1001\"");
        AssistantAction share = new AssistantAction(dev.chaperone.core.gate.ActionKind.CLICK, "GET", "http://127.0.0.1:8081/",
                "button \"Share\"");
        gate.decideWaiting(delete).get();
        gate.decideWaiting(share).get();
        assertEquals(2, gate.pending().list().size());
        gate.pending().approve(gate.pending().list().stream().filter(p -> p.request().action().equals(delete))
                .findFirst().orElseThrow().id());
        gate.pending().dismiss(gate.pending().list().get(0).id());
        assertEquals(List.of(), gate.pending().list());
        assertEquals(DecidedBy.TIMEOUT, gate.decideWaiting(share).get().decidedBy(), "a dismissed question is asked again");
        assertTrue(gate.decideWaiting(delete).get().isAllowed());
    }
}
