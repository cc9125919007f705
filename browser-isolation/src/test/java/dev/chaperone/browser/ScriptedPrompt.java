package dev.chaperone.browser;

import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** Stands in for the person at the desktop prompt in browser tests: answers each question as told. */
final class ScriptedPrompt implements ApprovalPrompt {
    private final Predicate<ApprovalRequest> answer;

    ScriptedPrompt(Predicate<ApprovalRequest> answer) {
        this.answer = answer;
    }

    static ScriptedPrompt always(boolean allow) {
        return new ScriptedPrompt(request -> allow);
    }

    @Override
    public CompletableFuture<Boolean> ask(ApprovalRequest request) {
        return CompletableFuture.completedFuture(answer.test(request));
    }

    @Override
    public void withdraw(ApprovalRequest request) {
    }
}
