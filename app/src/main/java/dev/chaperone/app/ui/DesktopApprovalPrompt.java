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
    private final java.util.function.Supplier<java.util.Optional<String>> pageMark;

    /** @param pageMark the shown page's own word for its data's sensitivity, asked as each prompt opens */
    public DesktopApprovalPrompt(java.util.function.Supplier<java.util.Optional<String>> pageMark) {
        this.pageMark = pageMark;
    }

    @Override
    public CompletableFuture<Boolean> ask(ApprovalRequest request) {
        return choose(request).thenApply(choice -> choice != Choice.DENY);
    }

    /**
     * Opens a prompt, or adds the question to one already open for a burst of the same kind on the
     * same site (see {@link ApprovalPromptViewModel#tryJoin}): one answer, one window, each item listed.
     */
    @Override
    public synchronized CompletableFuture<Choice> choose(ApprovalRequest request) {
        Instant now = Instant.now();
        for (ApprovalPromptViewModel open : java.util.Set.copyOf(this.open.values())) {
            if (open.tryJoin(request, now)) {
                this.open.put(request, open);
                return open.choice();
            }
        }
        ApprovalPromptViewModel model = new ApprovalPromptViewModel(request, now, pageMark.get());
        open.put(request, model);
        model.choice().whenComplete((a, e) -> {
            model.batch().forEach(open::remove);
            Platform.runLater(() -> {
                if (showing.get() == model) {
                    showing.set(null);
                }
            });
        });
        Platform.runLater(() -> {
            if (!model.isAnswered()) {
                new ApprovalPromptWindow(model).show();
                // Set once the window is up, so whoever watches this sees the prompt as the person does.
                showing.set(model);
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
