package dev.chaperone.app.e2e;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.app.testing.TestPaths;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.broker.client.testing.KeycloakRealm;
import dev.chaperone.browser.ProfileWiper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.chaperone.app.testing.Waits.onFx;
import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing Chaperone while it waits for the person to enter a sign-in code: the wait stops at
 * once (not when the code expires minutes later), no session ever starts, and it is audited.
 */
class QuitDuringSignInTest {
    @Test
    void quittingWhileTheCodeIsShownStopsTheSignInAndNoSessionStarts() throws Exception {
        KeycloakRealm keycloak = KeycloakRealm.running();
        Path root = Files.createTempDirectory("chaperone-quit-signin");
        AppPaths paths = TestPaths.under(root);
        Path machine = Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("chaperone.json"), """
                { "broker": { "issuer": "%s", "assistantClientId": "%s" },
                  "signIn": { "clientId": "%s", "method": "device" },
                  "targets": [ { "id": "finance-portal", "origins": ["http://127.0.0.1:9"], "audience": "%s",
                                 "readScopes": ["invoices:read"] } ] }
                """.formatted(keycloak.issuer(), KeycloakRealm.ASSISTANT_CLIENT, KeycloakRealm.DESKTOP_CLIENT,
                KeycloakRealm.PORTAL_AUDIENCE));
        try (PrivateBus bus = PrivateBus.start()) {
            DesktopApp app = DesktopApp.open(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()), machine));
            CompletableFuture<Void> starting = CompletableFuture.runAsync(app::startSession);
            waitUntil("the window shows a sign-in code", () -> onFx(() -> app.viewModel().signingInProperty().get()));

            app.quitAsync().get(15, TimeUnit.SECONDS);
            starting.get(5, TimeUnit.SECONDS);
            assertTrue(app.session().isEmpty(), "no session starts after quitting");
            assertFalse(Files.exists(app.sessionDir()));
            try (AuditFile audit = AuditFile.open(paths.auditLog())) {
                AuditRow refused = audit.rows().stream().filter(r -> r.type().equals("SESSION_REFUSED"))
                        .findFirst().orElseThrow();
                assertEquals("Chaperone was closed before you signed in.", refused.field("reason"));
            }
        } finally {
            ProfileWiper.wipe(root);
        }
    }
}
