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
                          SubjectTokenSource humanToken, Task task) {
    @Override
    public String toString() {
        return "SessionPlan[human=" + human + ", assistant=" + assistant + ", broker=" + broker.issuer()
                + ", task=" + task.id() + "]";
    }
}
