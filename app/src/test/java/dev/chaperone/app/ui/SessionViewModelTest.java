package dev.chaperone.app.ui;

import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.session.TeardownReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main window's state, driven without a window. */
class SessionViewModelTest {
    static final Attribution WHO = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-1", "A"),
            new Task("t", "Review invoices", Origin.parse("http://127.0.0.1:8081"), "http://127.0.0.1:8081",
                    Set.of("invoices:read")), "s");

    @Test
    void bannerNamesBothPartiesTheTaskTheAccessAndCountsDown() {
        SessionViewModel vm = new SessionViewModel();
        Instant now = Instant.now();
        vm.showStarted(WHO, Set.of("invoices:export", "invoices:read"), now.plusSeconds(300));
        assertEquals("Assistant assistant-1 is acting for Alice (alice)", vm.actingForProperty().get());
        assertEquals("Task: Review invoices on http://127.0.0.1:8081", vm.taskProperty().get());
        assertEquals("Access: export invoices, read invoices", vm.accessProperty().get());
        dev.chaperone.core.session.Task t = WHO.task();
        dev.chaperone.core.session.Task writing = new dev.chaperone.core.session.Task(t.id(), t.title(), t.allowedOrigin(),
                t.audience(), t.resource(), Set.of("invoices:read", "invoices:write"), t.readOnlyOrigins(), t.sensitivity(),
                Set.of("invoices:write"));
        SessionViewModel other = new SessionViewModel();
        other.showStarted(new Attribution(WHO.human(), WHO.assistant(), writing, "s"), Set.of("invoices:read"), now.plusSeconds(300));
        assertEquals("Access: read invoices; asks you each time: write invoices", other.accessProperty().get());
        vm.tick(now.plusSeconds(1));
        assertEquals("Access expires in 4:59", vm.countdownProperty().get());
        assertFalse(vm.expiringSoonProperty().get());
        vm.tick(now.plusSeconds(250));
        assertEquals("Access expires in 0:50", vm.countdownProperty().get());
        assertTrue(vm.expiringSoonProperty().get());
        vm.tick(now.plusSeconds(900));
        assertEquals("Access expires in 0:00", vm.countdownProperty().get());
    }

    @Test
    void theIdleWarningCountsDownOnlyWhileTheSessionRunsAndALockNobodyWatchesIsInTheBanner() {
        SessionViewModel vm = new SessionViewModel();
        vm.showIdleWarning(java.time.Duration.ofSeconds(30));
        assertEquals("", vm.idleWarningProperty().get(), "no session, no warning");
        vm.showStarted(WHO, Set.of("invoices:read"), Instant.now().plusSeconds(300));
        vm.showIdleWarning(java.time.Duration.ofMillis(29_200));
        assertEquals("Ending in 30 s because you seem away. Move the mouse to stay.", vm.idleWarningProperty().get());
        vm.clearIdleWarning();
        assertEquals("", vm.idleWarningProperty().get());
        vm.showLockNotWatched(java.time.Duration.ofSeconds(150), List.of("logind (system bus): no D-Bus system bus"));
        assertEquals("Screen lock is not detected on this computer: the session ends after 150 s without input. "
                + "Quit Chaperone when you leave.", vm.bannerWarningProperty().get());
        assertEquals("Warning: Chaperone cannot tell when your screen locks (logind (system bus): no D-Bus system bus). "
                + "To stay safe it ends the session after 150 s without keyboard or mouse input. "
                + "Quit Chaperone when you leave your desk.", vm.noticeProperty().get());
    }

    @Test
    void anEngineITLetsRunUncontainedIsSaidInTheBannerBesideTheLockWarning() {
        SessionViewModel vm = new SessionViewModel();
        assertEquals("", vm.engineWarningProperty().get(), "contained: nothing to say");
        vm.showEngineUncontained();
        vm.showLockNotWatched(java.time.Duration.ofSeconds(150), List.of("logind (system bus): no D-Bus system bus"));
        vm.showStarted(WHO, Set.of("invoices:read"), Instant.now().plusSeconds(300));
        assertEquals("The assistant's browser runs without its sandbox here (allowed by your IT department): "
                + "a harmful web page could reach files on this computer.", vm.engineWarningProperty().get());
        assertTrue(vm.bannerWarningProperty().get().startsWith("Screen lock is not detected"), "one does not hide the other");
    }

    @Test
    void deviceSignInShowsTheShortPageAndTheCodeUntilItIsDone() {
        SessionViewModel vm = new SessionViewModel();
        vm.showSignIn(java.net.URI.create("https://sso.example.com/device"),
                java.net.URI.create("https://sso.example.com/device?user_code=ABCD-EFGH"), "ABCD-EFGH");
        assertTrue(vm.signingInProperty().get());
        assertEquals("https://sso.example.com/device", vm.signInPageProperty().get());
        assertEquals("ABCD-EFGH", vm.signInCodeProperty().get());
        assertEquals("Sign in to start the assistant's session", vm.actingForProperty().get());
        vm.clearSignIn();
        assertFalse(vm.signingInProperty().get());
        assertEquals("", vm.signInCodeProperty().get());
    }

    @Test
    void afterTheEndTheBannerNoLongerClaimsTheAssistantActs() {
        SessionViewModel vm = new SessionViewModel();
        vm.showStarted(WHO, Set.of("invoices:read"), Instant.now().plusSeconds(300));
        vm.showEnded(new TeardownReport(EndReason.SCREEN_LOCKED, List.of(
                new TeardownReport.StepResult("Revoke the assistant's access", true, "", Duration.ofMillis(3)),
                new TeardownReport.StepResult("Wipe the session's files", false, "IOException: busy", Duration.ofMillis(1))),
                Duration.ofMillis(5)));
        assertEquals(SessionViewModel.Phase.ENDED, vm.phaseProperty().get());
        assertEquals("Assistant assistant-1 no longer acts for Alice (alice)", vm.actingForProperty().get());
        assertEquals("Session ended. Your screen was locked.", vm.endTitleProperty().get());
        assertTrue(vm.endDetailsProperty().get().contains("✗ Wipe the session's files: IOException: busy"));
        assertEquals("", vm.countdownProperty().get());
    }

    @Test
    void aDisplayNameWithPercentSignsIsShownAsWritten() {
        Attribution odd = new Attribution(new Human("pat", "Pat 100% %s"), WHO.assistant(), WHO.task(), "s");
        SessionViewModel vm = new SessionViewModel();
        vm.showStarted(odd, Set.of("invoices:read"), Instant.now().plusSeconds(300));
        assertEquals("Assistant assistant-1 is acting for Pat 100% %s (pat)", vm.actingForProperty().get());
        vm.showEnded(new TeardownReport(EndReason.USER_ENDED, List.of(), Duration.ZERO));
        assertEquals("Assistant assistant-1 no longer acts for Pat 100% %s (pat)", vm.actingForProperty().get());
    }

    @Test
    void aRefusedSessionSaysWhy() {
        SessionViewModel vm = new SessionViewModel();
        vm.showRefused("Cannot reach the broker at http://127.0.0.1:1/");
        assertEquals(SessionViewModel.Phase.REFUSED, vm.phaseProperty().get());
        assertTrue(vm.endDetailsProperty().get().startsWith("Cannot reach the broker"));
    }

    @Test
    void aQuestionNotAnsweredInTimeIsListedAndCanStillBeApprovedOrLetGo() {
        SessionViewModel vm = new SessionViewModel();
        java.util.List<dev.chaperone.core.audit.AuditEvent> audited = new java.util.ArrayList<>();
        dev.chaperone.core.gate.PendingApprovals approvals = new dev.chaperone.core.gate.PendingApprovals(
                java.time.Clock.systemUTC(), audited::add);
        vm.watchPending(approvals);
        dev.chaperone.core.gate.AssistantAction delete = new dev.chaperone.core.gate.AssistantAction(
                dev.chaperone.core.gate.ActionKind.CLICK, "GET", "http://127.0.0.1:8081/", "button \"Delete invoice\"");
        approvals.timedOut(new dev.chaperone.core.gate.ApprovalRequest(delete, WHO, "risky", java.time.Duration.ofSeconds(30)));
        assertEquals(1, vm.pendingQuestions().size());
        assertEquals("Not answered in time: Click button \"Delete invoice\" on the page", vm.pendingQuestions().get(0).text());
        vm.approvePending(vm.pendingQuestions().get(0).id());
        assertEquals(0, vm.pendingQuestions().size());
        assertTrue(approvals.takeApproval(delete), "the assistant's next identical try goes through");
        assertEquals(1, audited.size(), "the late answer is audited");
    }
}
