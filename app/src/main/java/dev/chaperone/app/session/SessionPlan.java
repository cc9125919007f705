package dev.chaperone.app.session;

import com.nimbusds.jose.jwk.JWK;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.broker.client.SubjectTokenSource;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.session.Task;

/**
 * Who and what one session is for: the signed-in human and their token, the assistant and its key,
 * the broker, and the task. Made by the embedded mode or from the configuration; the supervisor
 * does the same with either.
 */
public record SessionPlan(Human human, AssistantIdentity assistant, JWK assistantKey, BrokerSettings broker,
                          SubjectTokenSource humanToken, Task task, String intent) {
    /** A session the person starts from the window, without a stated intent. */
    public SessionPlan(Human human, AssistantIdentity assistant, JWK assistantKey, BrokerSettings broker,
                       SubjectTokenSource humanToken, Task task) {
        this(human, assistant, assistantKey, broker, humanToken, task, "");
    }

    /** The same people and broker, for the task an assistant asked for. */
    public SessionPlan forTask(Task chosen, String statedIntent) {
        return new SessionPlan(human, assistant, assistantKey, broker, humanToken, chosen, statedIntent);
    }

    @Override
    public String toString() {
        return "SessionPlan[human=" + human + ", assistant=" + assistant + ", broker=" + broker.issuer()
                + ", task=" + task.id() + "]";
    }
}
