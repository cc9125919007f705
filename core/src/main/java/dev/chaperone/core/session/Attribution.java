package dev.chaperone.core.session;

import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;

import java.util.Objects;

/**
 * Who is behind an event: the human origin and the assistant's execution path, always both, with
 * the task and what the human said it is for ({@code intent}, empty when they did not say).
 */
public record Attribution(Human human, AssistantIdentity assistant, Task task, String intent, String sessionId) {
    public Attribution {
        Objects.requireNonNull(human, "human");
        Objects.requireNonNull(assistant, "assistant");
        Objects.requireNonNull(task, "task");
        intent = intent == null ? "" : intent;
        Objects.requireNonNull(sessionId, "sessionId");
    }

    /** A session the person started from the window, without stating an intent. */
    public Attribution(Human human, AssistantIdentity assistant, Task task, String sessionId) {
        this(human, assistant, task, "", sessionId);
    }
}
