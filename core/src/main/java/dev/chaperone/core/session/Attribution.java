package dev.chaperone.core.session;

import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;

import java.util.Objects;

/** Who is behind an event: the human origin and the assistant's execution path, always both. */
public record Attribution(Human human, AssistantIdentity assistant, Task task, String sessionId) {
    public Attribution {
        Objects.requireNonNull(human, "human");
        Objects.requireNonNull(assistant, "assistant");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
