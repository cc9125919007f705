package dev.chaperone.app.session;

import com.nimbusds.jose.jwk.JWK;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.broker.client.TokenJournal;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.token.Delegation;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TokenBrokerException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * At start, before anything else: tokens a killed session left live are revoked at the broker
 * they came from, using the journal each session keeps. A token from another broker than the
 * configured one, or from an embedded broker that died with the process, is noted in the audit:
 * the embedded broker's signing key lived in memory, so its tokens died with it.
 */
public final class LeftoverTokens {
    private LeftoverTokens() {
    }

    /** @return how many tokens were revoked */
    public static int revoke(Path sessionsDir, BrokerSettings broker, AssistantIdentity assistant, JWK key, AuditTrail audit)
            throws IOException {
        if (!Files.isDirectory(sessionsDir)) {
            return 0;
        }
        int revoked = 0;
        BrokerClient client = null;
        try (DirectoryStream<Path> sessions = Files.newDirectoryStream(sessionsDir)) {
            for (Path dir : sessions) {
                for (TokenJournal.Entry entry : TokenJournal.in(dir).entries()) {
                    String outcome;
                    if (!entry.issuer().equals(broker.issuer())) {
                        outcome = "not revoked: issued by " + entry.issuer() + ", which is no longer configured";
                    } else {
                        try {
                            if (client == null) {
                                client = BrokerClient.discover(broker, assistant, key, () -> {
                                    throw new TokenBrokerException(TokenBrokerException.Kind.LOCAL, "revocation only");
                                });
                            }
                            client.revoke(new TaskToken(entry.token(), unknown()));
                            revoked++;
                            outcome = "revoked";
                        } catch (TokenBrokerException e) {
                            outcome = "not revoked: " + e.getMessage();
                        }
                    }
                    audit.record(new AuditEvent.LeftoverTokenRevoked(dir.getFileName().toString(),
                            entry.issuer().toString(), outcome));
                }
            }
        }
        return revoked;
    }

    /** What a journal line does not say; revocation needs only the value. */
    private static Delegation unknown() {
        return new Delegation("unknown", List.of("unknown"), Set.of(), List.of(), Instant.EPOCH, "leftover", false);
    }
}
