package dev.chaperone.app.session;

import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.ScopedTaskCredentials;
import dev.chaperone.broker.client.TokenJournal;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.audit.TokenFacts;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TokenBrokerException;

import java.io.IOException;
import java.net.URI;

/**
 * One session's tokens for approved writes: each is exchanged for the task's write scopes alone,
 * written to the session's journal (so a crash leaves it to be revoked at the next start) and to
 * the audit before its request is sent, and revoked once that request was answered.
 */
final class WriteTokens implements ScopedTaskCredentials.WriteTokens {
    private final BrokerClient broker;
    private final Human human;
    private final Task writing;
    private final TokenJournal journal;
    private final URI issuer;
    private final AuditTrail audit;

    WriteTokens(BrokerClient broker, Human human, Task writing, TokenJournal journal, URI issuer, AuditTrail audit) {
        this.broker = broker;
        this.human = human;
        this.writing = writing;
        this.journal = journal;
        this.issuer = issuer;
        this.audit = audit;
    }

    @Override
    public TaskToken mint(String method, URI url) throws TokenBrokerException {
        TaskToken token = broker.obtain(human, writing);
        try {
            journal.record(issuer, token.value());
            audit.recordDurably(new AuditEvent.WriteTokenIssued(TokenFacts.of(token), method, url.toString()));
        } catch (IOException | RuntimeException e) {
            revoke(token);
            throw new TokenBrokerException(TokenBrokerException.Kind.LOCAL,
                    "The write's token could not be recorded, so it was given back: " + e.getMessage(), e);
        }
        return token;
    }

    @Override
    public void revoke(TaskToken token) {
        try {
            broker.revoke(token);
            audit.recordOrReport(new AuditEvent.TokenRevoked(token.tokenId(), "after the one request it was minted for"));
        } catch (TokenBrokerException e) {
            // Nothing else can be done now: the token lives out its short life, and the audit says so.
            audit.recordOrReport(new AuditEvent.TokenRevoked(token.tokenId(), "revocation failed: " + e.getMessage()));
        }
    }
}
