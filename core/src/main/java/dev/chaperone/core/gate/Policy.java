package dev.chaperone.core.gate;

import dev.chaperone.core.session.Task;

/** Decides allow, deny or ask for one action of one task. Must not block or prompt. */
@FunctionalInterface
public interface Policy {
    Decision evaluate(AssistantAction action, Task task);
}
