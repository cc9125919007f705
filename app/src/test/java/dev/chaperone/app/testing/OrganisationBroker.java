package dev.chaperone.app.testing;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.app.AppPaths;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.testing.KeycloakRealm;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.demo.FinancePortal;
import dev.chaperone.demo.StatusSite;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The organisation as the app tests against it: the running Keycloak with this test's assistant
 * key registered, the demo portal trusting Keycloak, and IT's managed file pointing the app at
 * both (device-code sign-in, DPoP required, the portal as the one target). Closing stops the sites
 * and wipes the throwaway user.
 */
public final class OrganisationBroker implements AutoCloseable {
    public final KeycloakRealm keycloak;
    public final Path root;
    public final AppPaths paths;
    public final FinancePortal portal;
    public final Path machineFile;
    private final StatusSite status;

    private OrganisationBroker(KeycloakRealm keycloak, Path root, StatusSite status, FinancePortal portal, Path machineFile) {
        this.keycloak = keycloak;
        this.root = root;
        this.paths = TestPaths.under(root);
        this.status = status;
        this.portal = portal;
        this.machineFile = machineFile;
    }

    /** @param targetSettings more settings of the portal's target, as JSON members (such as {@code "sensitivity": "confidential"}) */
    public static OrganisationBroker start(String name, String targetSettings) throws Exception {
        KeycloakRealm keycloak = KeycloakRealm.running();
        Path root = Files.createTempDirectory(name);
        Path keyFile = root.resolve("it/assistant.jwk");
        ECKey key = AssistantKeyStore.loadOrCreate(keyFile);
        keycloak.registerAssistantKey(key);
        StatusSite status = StatusSite.start(0);
        FinancePortal portal = FinancePortal.start(0, keycloak.issuer(), keycloak.jwksUri(), status.origin(),
                KeycloakRealm.PORTAL_AUDIENCE);
        Path machine = Files.createDirectories(root.resolve("etc")).resolve("chaperone.json");
        Files.writeString(machine, """
                {
                  "broker": { "issuer": "%s", "assistantClientId": "%s",
                              "assistantKey": { "jwkFile": "%s" }, "dpop": "required" },
                  "signIn": { "clientId": "%s", "method": "device" },
                  "targets": [ { "id": "finance-portal", "title": "Finance Portal", "origins": ["%s"],
                                 "audience": "%s", "readScopes": ["invoices:read"],
                                 "writeScopes": ["invoices:export"], %s } ]
                }
                """.formatted(keycloak.issuer(), KeycloakRealm.ASSISTANT_CLIENT, keyFile, KeycloakRealm.DESKTOP_CLIENT,
                portal.origin(), KeycloakRealm.PORTAL_AUDIENCE, targetSettings));
        return new OrganisationBroker(keycloak, root, status, portal, machine);
    }

    @Override
    public void close() throws Exception {
        try {
            portal.close();
            status.close();
        } finally {
            ProfileWiper.wipe(root);
        }
    }
}
