package dev.chaperone.core.gate;

import java.util.concurrent.CompletableFuture;

/**
 * Shows a native prompt the page cannot draw, fake or dismiss, and completes with the person's
 * answer: true for allow, false for deny. The gate, not the prompt, enforces the timeout, and
 * calls {@link #withdraw} when it gives up so the window disappears.
 */
public interface ApprovalPrompt {
    CompletableFuture<Boolean> ask(ApprovalRequest request);

    void withdraw(ApprovalRequest request);
}
