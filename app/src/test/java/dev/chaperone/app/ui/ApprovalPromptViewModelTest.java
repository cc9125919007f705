package dev.chaperone.app.ui;

import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.AssistantAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApprovalPromptViewModelTest {
    final ApprovalRequest request = new ApprovalRequest(
            AssistantAction.download("http://127.0.0.1:8081/export.csv", "invoices.csv"),
            SessionViewModelTest.WHO, "This could take data out of the portal or change it.", Duration.ofSeconds(30));

    @Test
    void saysWhatWhereAndForWhomInPlainWords() {
        ApprovalPromptViewModel vm = new ApprovalPromptViewModel(request, Instant.now());
        assertEquals("Allow the assistant to save a file?", vm.title());
        assertEquals("Save the file \"invoices.csv\" to your computer", vm.what());
        assertEquals("http://127.0.0.1:8081", vm.where());
        assertEquals("Alice, for the task \"Review invoices\" (assistant assistant-1)", vm.forWhom());
    }

    @Test
    void theDownloadOfThePersonsOwnClickIsNotPutAsTheAssistants() {
        ApprovalRequest own = new ApprovalRequest(request.action().by(dev.chaperone.core.gate.Initiator.PERSON),
                request.attribution(), request.reason(), request.timeout());
        assertEquals("Save this file from the assistant's browser?", new ApprovalPromptViewModel(own, Instant.now()).title());
    }

    @Test
    void aHeldWriteShowsWhatItWouldSendAndWhoSetItOff() {
        AssistantAction write = new AssistantAction(dev.chaperone.core.gate.ActionKind.REQUEST, "POST",
                "http://127.0.0.1:8081/notes", "form fields text=\"pay Contoso 900\" (20 bytes, sha256 1a2b3c4d5e6f7a8b)"
                + " · after clicking button \"Save note\"", dev.chaperone.core.gate.Initiator.tool("claude", "browser_click"));
        ApprovalPromptViewModel byAssistant = new ApprovalPromptViewModel(new ApprovalRequest(write, SessionViewModelTest.WHO,
                "This would change data on http://127.0.0.1:8081, which the task did not declare.", Duration.ofSeconds(30)),
                Instant.now());
        assertEquals("Allow the assistant to change data?", byAssistant.title());
        assertEquals("Send a POST request to http://127.0.0.1:8081/notes\nWith: form fields text=\"pay Contoso 900\" "
                + "(20 bytes, sha256 1a2b3c4d5e6f7a8b) · after clicking button \"Save note\"", byAssistant.what());
        assertEquals(java.util.Optional.empty(), byAssistant.dataSensitivity(), "nobody marked this task's data");
        dev.chaperone.core.session.Task t = SessionViewModelTest.WHO.task();
        dev.chaperone.core.session.Task confidential = new dev.chaperone.core.session.Task(t.id(), t.title(), t.allowedOrigin(),
                t.audience(), t.resource(), t.scopes(), t.readOnlyOrigins(), "confidential");
        dev.chaperone.core.session.Attribution who = new dev.chaperone.core.session.Attribution(SessionViewModelTest.WHO.human(),
                SessionViewModelTest.WHO.assistant(), confidential, "s");
        assertEquals(java.util.Optional.of("marked confidential by your organisation"), new ApprovalPromptViewModel(
                new ApprovalRequest(write, who, "", Duration.ofSeconds(30)), Instant.now()).dataSensitivity());
        assertEquals(java.util.Optional.of("marked secret by the page (confidential by your organisation)"),
                new ApprovalPromptViewModel(new ApprovalRequest(write, who, "", Duration.ofSeconds(30)), Instant.now(),
                        java.util.Optional.of("secret")).dataSensitivity(), "the page raised it");
        assertEquals(java.util.Optional.of("marked confidential by your organisation"),
                new ApprovalPromptViewModel(new ApprovalRequest(write, who, "", Duration.ofSeconds(30)), Instant.now(),
                        java.util.Optional.of("public")).dataSensitivity(), "a page cannot lower it");
        assertEquals(java.util.Optional.of("marked restricted by the page"), new ApprovalPromptViewModel(
                new ApprovalRequest(write, SessionViewModelTest.WHO, "", Duration.ofSeconds(30)), Instant.now(),
                java.util.Optional.of("restricted")).dataSensitivity(), "where IT said nothing, the page's word shows");
        AssistantAction personsOwn = new AssistantAction(write.kind(), write.method(), write.url(), "no data",
                dev.chaperone.core.gate.Initiator.PERSON);
        assertEquals("Send this change from the assistant's browser?", new ApprovalPromptViewModel(new ApprovalRequest(
                personsOwn, SessionViewModelTest.WHO, "", Duration.ofSeconds(30)), Instant.now()).title());
    }

    @Test
    void aStandingGrantIsOfferedOnlyWhenThePolicyOffersOneAndArmsAsLateAsAllow() throws Exception {
        ApprovalRequest offering = new ApprovalRequest(request.action(), request.attribution(), request.reason(),
                request.timeout(), java.util.Optional.of(Duration.ofMinutes(10)));
        Instant shown = Instant.now();
        ApprovalPromptViewModel vm = new ApprovalPromptViewModel(offering, shown);
        assertEquals(java.util.Optional.of("Allow from this site for 10 min"), vm.forAWhileLabel());
        vm.allowForAWhile();
        assertFalse(vm.isAnswered(), "not before the prompt has been seen");
        vm.tick(shown.plus(ApprovalPromptViewModel.ALLOW_ARMING_DELAY));
        vm.allowForAWhile();
        assertEquals(dev.chaperone.core.gate.ApprovalPrompt.Choice.ALLOW_FOR_A_WHILE, vm.choice().getNow(null));
        assertTrue(vm.answer().getNow(false), "a standing grant is an allow");

        ApprovalPromptViewModel once = new ApprovalPromptViewModel(request, shown);
        assertEquals(java.util.Optional.empty(), once.forAWhileLabel(), "no button where the policy offers none");
        once.tick(shown.plus(ApprovalPromptViewModel.ALLOW_ARMING_DELAY));
        once.allowForAWhile();
        assertFalse(once.isAnswered());
    }

    @Test
    void aBurstOfLikeQuestionsIsOnePromptListingEachAndAJoinRearmsAllow() {
        Instant shown = Instant.now();
        ApprovalPromptViewModel vm = new ApprovalPromptViewModel(request, shown);
        vm.tick(shown.plus(ApprovalPromptViewModel.ALLOW_ARMING_DELAY));
        ApprovalRequest second = new ApprovalRequest(AssistantAction.download("http://127.0.0.1:8081/export.csv?m=10",
                "october.csv"), SessionViewModelTest.WHO, request.reason(), request.timeout());
        assertTrue(vm.tryJoin(second, shown.plusSeconds(1)));
        assertEquals("Allow the assistant to save a file? (2 at once)", vm.title());
        assertEquals("• Save the file \"invoices.csv\" to your computer\n• Save the file \"october.csv\" to your computer",
                vm.what());
        vm.allow();
        assertFalse(vm.isAnswered(), "the item that just joined has not been seen yet");
        vm.tick(shown.plusSeconds(1).plus(ApprovalPromptViewModel.ALLOW_ARMING_DELAY));
        vm.allow();
        assertTrue(vm.answer().getNow(false), "one answer for both");
        assertEquals(List.of(request, second), vm.batch());

        ApprovalPromptViewModel other = new ApprovalPromptViewModel(request, shown);
        ApprovalRequest elsewhere = new ApprovalRequest(AssistantAction.download("http://127.0.0.1:9000/x.csv", "x.csv"),
                SessionViewModelTest.WHO, request.reason(), request.timeout());
        assertFalse(other.tryJoin(elsewhere, shown.plusSeconds(1)), "another site gets its own prompt");
        assertFalse(other.tryJoin(second, shown.plus(ApprovalPromptViewModel.BATCH_WINDOW).plusMillis(1)), "too late to join");
        other.deny();
        assertFalse(other.tryJoin(second, shown.plusSeconds(1)), "an answered prompt takes nothing more");
    }

    @Test
    void countsDownToTheAutomaticDeny() {
        Instant shown = Instant.now();
        ApprovalPromptViewModel vm = new ApprovalPromptViewModel(request, shown);
        assertEquals("If you do nothing, this is denied in 30 s.", vm.remainingProperty().get());
        vm.tick(shown.plusMillis(10_500));
        assertEquals("If you do nothing, this is denied in 20 s.", vm.remainingProperty().get());
    }

    @Test
    void allowIsIgnoredUntilThePromptHasBeenSeenButDenyWorksAtOnce() {
        Instant shown = Instant.now();
        ApprovalPromptViewModel vm = new ApprovalPromptViewModel(request, shown);
        vm.allow();
        assertFalse(vm.isAnswered(), "an Allow in the first instant must not count");
        vm.tick(shown.plusMillis(500));
        assertFalse(vm.allowArmedProperty().get());
        vm.tick(shown.plus(ApprovalPromptViewModel.ALLOW_ARMING_DELAY));
        assertTrue(vm.allowArmedProperty().get());
        vm.allow();
        assertTrue(vm.answer().join());

        ApprovalPromptViewModel other = new ApprovalPromptViewModel(request, shown);
        other.deny();
        assertFalse(other.answer().join());
    }

    @Test
    void theFirstAnswerCountsAndLaterOnesAreIgnored() {
        Instant shown = Instant.now();
        ApprovalPromptViewModel vm = new ApprovalPromptViewModel(request, shown);
        vm.tick(shown.plusSeconds(1));
        assertFalse(vm.isAnswered());
        vm.deny();
        vm.allow();
        assertTrue(vm.isAnswered());
        assertFalse(vm.answer().join());
    }
}
