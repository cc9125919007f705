package dev.chaperone.core.gate;

import java.util.concurrent.CompletableFuture;

/**
 * Shows a native prompt the page cannot draw, fake or dismiss, and completes with the person's
 * answer: true for allow, false for deny. The gate, not the prompt, enforces the timeout, and
 * calls {@link #withdraw} when it gives up so the window disappears.
 */
public interface ApprovalPrompt {
    /** What the person chose: once, for the while the request offers, or no. */
    enum Choice { ALLOW_ONCE, ALLOW_FOR_A_WHILE, DENY }

    CompletableFuture<Boolean> ask(ApprovalRequest request);

    /** The person's choice; a prompt that offers no standing grant answers once or no. */
    default CompletableFuture<Choice> choose(ApprovalRequest request) {
        return ask(request).thenApply(allowed -> allowed ? Choice.ALLOW_ONCE : Choice.DENY);
    }

    void withdraw(ApprovalRequest request);
}
