package dev.chaperone.app.ui;

import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gate's questions as native desktop prompts. Exposes the prompt on screen so tests (and a
 * future tray icon) can find it.
 */
public final class DesktopApprovalPrompt implements ApprovalPrompt {
    private final Map<ApprovalRequest, ApprovalPromptViewModel> open = new ConcurrentHashMap<>();
    private final ReadOnlyObjectWrapper<ApprovalPromptViewModel> showing = new ReadOnlyObjectWrapper<>();

    @Override
    public CompletableFuture<Boolean> ask(ApprovalRequest request) {
        return choose(request).thenApply(choice -> choice != Choice.DENY);
    }

    @Override
    public CompletableFuture<Choice> choose(ApprovalRequest request) {
        ApprovalPromptViewModel model = new ApprovalPromptViewModel(request, Instant.now());
        open.put(request, model);
        model.choice().whenComplete((a, e) -> {
            open.remove(request);
            Platform.runLater(() -> {
                if (showing.get() == model) {
                    showing.set(null);
                }
            });
        });
        Platform.runLater(() -> {
            if (!model.isAnswered()) {
                showing.set(model);
                new ApprovalPromptWindow(model).show();
            }
        });
        return model.choice();
    }

    @Override
    public void withdraw(ApprovalRequest request) {
        ApprovalPromptViewModel model = open.get(request);
        if (model != null) {
            model.deny();
        }
    }

    /** The prompt on screen now, if any. JavaFX thread. */
    public ReadOnlyObjectProperty<ApprovalPromptViewModel> showingProperty() {
        return showing.getReadOnlyProperty();
    }
}
