package dev.chaperone.app.ui;

import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.PendingApprovals;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.chaperone.app.testing.Waits.onFx;
import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The approval windows clicked through the X server as a person clicks them (TestFX on Xvfb): a
 * burst of questions in one prompt that one click answers, and the list of questions nobody
 * answered in time, approved or let go from the main window. No browser is needed for these.
 */
class PromptClickTest {
    static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    static ApprovalRequest save(String file) {
        return new ApprovalRequest(AssistantAction.download("http://127.0.0.1:8081/" + file, file), SessionViewModelTest.WHO,
                "This could take data out of the portal.", Duration.ofSeconds(30));
    }

    @Test
    void aBurstOfQuestionsIsOneWindowThatOneClickAnswers() throws Exception {
        DesktopApprovalPrompt prompt = new DesktopApprovalPrompt(java.util.Optional::empty);
        CompletableFuture<ApprovalPrompt.Choice> first = prompt.choose(save("a.csv"));
        CompletableFuture<ApprovalPrompt.Choice> second = prompt.choose(save("b.csv"));
        waitUntil("the prompt is shown", () -> onFx(() -> prompt.showingProperty().get() != null));
        assertEquals("Allow the assistant to save a file? (2 at once)", onFx(() -> prompt.showingProperty().get().title()));
        assertEquals(1, onFx(() -> robot.lookup("#prompt-allow").queryAll().size()), "one window for the burst");
        waitUntil("Allow is armed", () -> onFx(() -> !robot.lookup("#prompt-allow").queryButton().isDisabled()));
        robot.clickOn("#prompt-allow");
        assertEquals(ApprovalPrompt.Choice.ALLOW_ONCE, first.get(5, TimeUnit.SECONDS));
        assertEquals(ApprovalPrompt.Choice.ALLOW_ONCE, second.get(5, TimeUnit.SECONDS));
        waitUntil("the window closed", () -> onFx(() -> robot.lookup("#prompt-allow").queryAll().isEmpty()));
    }

    @Test
    void aQuestionNobodyAnsweredIsApprovedOrLetGoFromTheMainWindow() throws Exception {
        List<AuditEvent> audited = new CopyOnWriteArrayList<>();
        PendingApprovals pending = new PendingApprovals(Clock.systemDefaultZone(), audited::add);
        SessionViewModel model = new SessionViewModel();
        Stage[] stage = new Stage[1];
        onFx(() -> {
            stage[0] = new Stage();
            new MainWindow(stage[0], model, new BrowserView()).show();
            model.showStarted(SessionViewModelTest.WHO, Set.of("invoices:read"), Instant.now().plusSeconds(300));
            return null;
        });
        model.watchPending(pending);
        ApprovalRequest a = save("a.csv");
        ApprovalRequest b = save("b.csv");
        pending.timedOut(a);
        waitUntil("the row is shown", () -> onFx(() -> robot.lookup("#pending-approve").queryAll().size() == 1));
        robot.clickOn("#pending-approve");
        waitUntil("the row is gone", () -> onFx(() -> robot.lookup("#pending-approve").queryAll().isEmpty()));
        assertTrue(audited.stream().anyMatch(e -> e instanceof AuditEvent.PromptAnswered answered && answered.allowed()),
                audited.toString());
        assertTrue(pending.takeApproval(a.action()), "the same action goes through once");
        assertFalse(pending.takeApproval(a.action()), "only once");

        pending.timedOut(b);
        waitUntil("the second row is shown", () -> onFx(() -> robot.lookup("#pending-dismiss").queryAll().size() == 1));
        robot.clickOn("#pending-dismiss");
        waitUntil("the row is gone", () -> onFx(() -> robot.lookup("#pending-dismiss").queryAll().isEmpty()));
        assertFalse(pending.takeApproval(b.action()), "let go stays denied");
        onFx(() -> {
            stage[0].close();
            return null;
        });
    }
}
