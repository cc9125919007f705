package dev.chaperone.app.cli;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.session.ConfiguredMode;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.config.ChaperoneConfig;
import dev.chaperone.config.ConfigException;
import dev.chaperone.config.ConfigLoader;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * {@code chaperone identity show|rotate}: what IT registers at the broker for the assistant (its
 * client id and public key, never the private key), and a new key when the old one must go.
 */
@Command(name = "identity", mixinStandardHelpOptions = true, description = "Show or replace the assistant's own key.",
        subcommands = {IdentityCommand.Show.class, IdentityCommand.Rotate.class})
public final class IdentityCommand {
    static ChaperoneConfig config() throws ConfigException {
        AppOptions options = AppOptions.defaults();
        return ConfigLoader.load(options.machineConfig(), options.paths().userConfig());
    }

    static String clientId(ChaperoneConfig config, JWK key) {
        return config.broker().map(ChaperoneConfig.Broker::assistantClientId).orElseGet(() -> AssistantKeyStore.clientIdFor(key));
    }

    static JWK key(ChaperoneConfig config, AppPaths paths) throws IOException {
        return config.broker().isPresent()
                ? ConfiguredMode.assistantKey(config.broker().get(), paths)
                : AssistantKeyStore.loadOrCreate(paths.assistantKey());
    }

    /** What IT pastes into the broker: the public half only, as a JWK Set. */
    static void printPublicKeySet(JWK key) {
        System.out.println(new JWKSet(key.toPublicJWK()).toString(true));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the assistant's client id and public key set (JWKS) to register at the broker. "
            + "In Keycloak: client > Credentials > Client Authenticator 'Signed JWT', Keys > 'Use JWKS' off/on, paste the JWKS.")
    static final class Show implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ChaperoneConfig config = config();
            JWK key = key(config, AppOptions.defaults().paths());
            System.out.println("client id: " + clientId(config, key));
            System.out.println("key id:    " + key.getKeyID());
            System.out.println("public key set (JWKS):");
            printPublicKeySet(key);
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Make a new key for the assistant (the old one is kept as .previous). "
            + "Register the new public key at the broker before the next session.")
    static final class Rotate implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ChaperoneConfig config = config();
            if (config.broker().flatMap(b -> b.assistantKey().pkcs12File()).isPresent()) {
                System.err.println("The assistant's key is provisioned by IT (a PKCS#12 file); IT rotates it.");
                return 2;
            }
            JWK key = AssistantKeyStore.rotate(ConfiguredMode.jwkFile(config.broker(), AppOptions.defaults().paths()));
            System.out.println("New key " + key.getKeyID() + ". Public key set to register at the broker:");
            printPublicKeySet(key);
            return 0;
        }
    }
}
