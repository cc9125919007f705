package dev.chaperone.core.token;

import dev.chaperone.core.identity.Human;
import dev.chaperone.core.session.Task;

/**
 * Gets the assistant its own token for a task (subject = the human, actor = the assistant) and
 * takes it back. Implemented by broker-client; the core only knows this shape.
 */
public interface TaskTokenBroker {
    TaskToken obtain(Human human, Task task) throws TokenBrokerException;

    void revoke(TaskToken token) throws TokenBrokerException;
}
