package dev.chaperone.app.session;

import com.nimbusds.jose.jwk.JWK;
import dev.chaperone.app.AppPaths;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.broker.client.DpopMode;
import dev.chaperone.broker.client.signin.HumanSession;
import dev.chaperone.broker.client.signin.HumanSignIn;
import dev.chaperone.broker.client.signin.SignInPrompt;
import dev.chaperone.config.ChaperoneConfig;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.session.TaskTarget;
import dev.chaperone.core.token.TokenBrokerException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A session against the organisation's broker, set up by configuration alone: the assistant's key
 * (generated per user, or IT's PKCS#12 file), the person's OpenID Connect sign-in, and a task on
 * the first configured target with the access IT declared for it.
 */
public final class ConfiguredMode {
    static final Duration BROWSER_SIGN_IN_TIMEOUT = Duration.ofMinutes(5);

    private ConfiguredMode() {
    }

    /** The assistant's key as the configuration names it; the per-user generated file otherwise. */
    public static JWK assistantKey(ChaperoneConfig.Broker broker, AppPaths paths) throws IOException {
        ChaperoneConfig.AssistantKey key = broker.assistantKey();
        if (key.pkcs12File().isPresent()) {
            return AssistantKeyStore.loadPkcs12(key.pkcs12File().get(), key.alias(), key.passwordFile().orElseThrow());
        }
        return AssistantKeyStore.loadOrCreate(jwkFile(Optional.of(broker), paths));
    }

    /** Where the assistant's own (not IT-provisioned) key lives: the configured JWK file, or the per-user one. */
    public static Path jwkFile(Optional<ChaperoneConfig.Broker> broker, AppPaths paths) {
        return broker.flatMap(b -> b.assistantKey().jwkFile()).orElse(paths.assistantKey());
    }

    public static BrokerSettings brokerSettings(ChaperoneConfig.Broker broker) {
        return new BrokerSettings(broker.issuer(), broker.harmlessScopes(), DpopMode.valueOf(broker.dpop().name()));
    }

    /** Signs the person in the way the configuration says. Blocks until done, refused or timed out. */
    public static HumanSession signIn(ChaperoneConfig config, SignInPrompt prompt)
            throws TokenBrokerException, InterruptedException {
        ChaperoneConfig.Broker broker = config.broker().orElseThrow();
        ChaperoneConfig.SignIn signIn = config.signIn().orElseThrow();
        HumanSignIn at = HumanSignIn.at(broker.issuer(), signIn.clientId(), signIn.scopes());
        return signIn.method() == ChaperoneConfig.SignInMethod.DEVICE
                ? at.withDeviceCode(prompt)
                : at.inBrowser(prompt, BROWSER_SIGN_IN_TIMEOUT);
    }

    /** The desktop's default task: the first target, with the access IT declared for it. */
    public static SessionPlan plan(ChaperoneConfig config, HumanSession human, JWK key) {
        ChaperoneConfig.Broker broker = config.broker().orElseThrow();
        TaskTarget target = config.targets().get(0);
        Task task = target.task("task-" + UUID.randomUUID().toString().substring(0, 8), "Work on " + target.title(),
                target.writeScopes());
        return new SessionPlan(human.human(), new AssistantIdentity(broker.assistantClientId(), "Assistant"), key,
                brokerSettings(broker), human::accessToken, task);
    }
}
