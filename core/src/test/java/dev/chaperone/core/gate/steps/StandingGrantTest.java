package dev.chaperone.core.gate.steps;

import dev.chaperone.core.Fixtures;
import dev.chaperone.core.RecordingAuditLog;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.gate.ReasonCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Allow saving files from this site for 10 minutes": one answer covers the next ones, for this site, for a while. */
class StandingGrantTest {
    final RecordingAuditLog audit = new RecordingAuditLog();
    final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    volatile ApprovalPrompt.Choice choice = ApprovalPrompt.Choice.ALLOW_FOR_A_WHILE;
    Instant now = Instant.parse("2026-11-30T10:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    final ApprovalPrompt person = new ApprovalPrompt() {
        @Override
        public CompletableFuture<Boolean> ask(ApprovalRequest request) {
            throw new AssertionError("the gate asks for a choice");
        }

        @Override
        public CompletableFuture<Choice> choose(ApprovalRequest request) {
            asked.add(request);
            return CompletableFuture.completedFuture(choice);
        }

        @Override
        public void withdraw(ApprovalRequest request) {
        }
    };
    final ActionGate gate = new ActionGate(List.of(new AuditStep(audit.trail()), new SessionOpenStep(() -> true),
            new PolicyStep(new DefaultPolicy()), new ApprovalStep(person, Duration.ofSeconds(5), audit.trail(),
                    new dev.chaperone.core.gate.PendingApprovals(clock, audit.trail()::record), clock)),
            Fixtures.WHO);

    @AfterEach
    void close() {
        gate.close();
    }

    Decision save(String url) throws Exception {
        return gate.decideWaiting(AssistantAction.download(url, "invoices.csv")).get();
    }

    @Test
    void oneStandingGrantCoversTheNextFilesFromThatSiteUntilItRunsOut() throws Exception {
        Decision first = save("http://127.0.0.1:8081/export.csv");
        assertEquals("You allowed saving files from http://127.0.0.1:8081 for 10 minutes.", first.reason());
        assertEquals(java.util.Optional.of(Duration.ofMinutes(10)), asked.get(0).standingOffer(), "the policy offered it");

        now = now.plus(Duration.ofMinutes(9));
        Decision second = save("http://127.0.0.1:8081/export.csv?month=10");
        assertTrue(second.isAllowed());
        assertEquals(ReasonCode.STANDING_GRANT, second.code());
        assertEquals("Covered by your approval of saving files from http://127.0.0.1:8081 until 10:10.", second.reason());
        assertEquals(1, asked.size(), "nobody was asked again");

        choice = ApprovalPrompt.Choice.DENY;
        assertEquals(ReasonCode.PERSON_DENIED, save("http://127.0.0.1:9000/export.csv").code(), "another site is asked");
        now = now.plus(Duration.ofMinutes(2));
        assertEquals(ReasonCode.PERSON_DENIED, save("http://127.0.0.1:8081/export.csv").code(), "after it ran out, asked again");
        assertEquals(3, asked.size());
        AuditEvent.StandingGrantGiven given = audit.events().stream().filter(AuditEvent.StandingGrantGiven.class::isInstance)
                .map(AuditEvent.StandingGrantGiven.class::cast).findFirst().orElseThrow();
        assertEquals("saving files from http://127.0.0.1:8081", given.covers());
        assertEquals(600, given.seconds());
    }

    @Test
    void aStandingAnswerToAQuestionThatOfferedNoneCountsOnce() throws Exception {
        // A click on a risky element offers no standing grant: even a prompt that answers "for a while" allows it once.
        AssistantAction delete = new AssistantAction(dev.chaperone.core.gate.ActionKind.CLICK, "GET", "http://127.0.0.1:8081/",
                "button \"Delete invoice\"");
        assertEquals(ReasonCode.PERSON_ALLOWED, gate.decideWaiting(delete).get().code());
        assertEquals(ReasonCode.PERSON_ALLOWED, gate.decideWaiting(delete).get().code());
        assertEquals(2, asked.size(), "each risky click is asked");
        assertTrue(audit.events().stream().noneMatch(AuditEvent.StandingGrantGiven.class::isInstance));
    }
}
