package dev.chaperone.core.gate;

import dev.chaperone.core.session.Task;

/** Decides allow, deny or ask for one action of one task. Must not block or prompt. */
@FunctionalInterface
public interface Policy {
    Decision evaluate(AssistantAction action, Task task);

    /**
     * The same, knowing the whole attribution: the human (and their groups), the assistant and
     * the intent, for policies whose rules test them. Rules that need only the task get that.
     */
    default Decision evaluate(AssistantAction action, dev.chaperone.core.session.Attribution who) {
        return evaluate(action, who.task());
    }
}
