package dev.chaperone.app.e2e;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.session.RunningSession;
import dev.chaperone.app.testing.OrganisationBroker;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.broker.client.TokenJournal;
import dev.chaperone.broker.client.testing.KeycloakRealm;
import dev.chaperone.demo.FinancePortal;
import dev.chaperone.demo.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.chaperone.app.testing.Waits.WAIT;
import static dev.chaperone.app.testing.Waits.onFx;
import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole desktop app against a real Keycloak, set up by IT's configuration file alone: no
 * code path special to tests. The window shows a device code; alice approves it on Keycloak's
 * pages; the assistant's browser opens the portal with a DPoP-bound Keycloak token naming alice
 * and the assistant; quitting revokes the token at Keycloak and wipes the session.
 */
class ConfiguredBrokerSessionTest {
    @Test
    void itIsConfigurationThatPointsTheAppAtKeycloakAndTheSessionReachesThePortal() throws Exception {
        try (OrganisationBroker org = OrganisationBroker.start("chaperone-configured", "\"sensitivity\": \"confidential\"");
             PrivateBus bus = PrivateBus.start()) {
            KeycloakRealm keycloak = org.keycloak;
            AppPaths paths = org.paths;
            FinancePortal portal = org.portal;
            Path machine = org.machineFile;

            DesktopApp app = DesktopApp.open(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()), machine));
            try {
                CompletableFuture<Void> alice = CompletableFuture.runAsync(() -> {
                    try {
                        waitUntil("the window shows a sign-in code", () -> onFx(() -> app.viewModel().signInUriProperty().get()) != null);
                        assertTrue(onFx(() -> app.viewModel().signInPageProperty().get()).endsWith("/realms/chaperone/device"));
                        assertTrue(onFx(() -> app.viewModel().signInCodeProperty().get()).matches("[A-Z]{4}-[A-Z]{4}"));
                        KeycloakRealm.approveDevice(onFx(() -> app.viewModel().signInUriProperty().get()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                app.startSession();
                alice.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                RunningSession session = app.session().orElseThrow(() -> new AssertionError("session refused: "
                        + app.viewModel().endDetailsProperty().get()));

                waitUntil("the portal page has loaded", () -> session.browser().loadsFinished() > 0
                        && !portal.requests().to("/").isEmpty());
                assertTrue(onFx(() -> app.viewModel().actingForProperty().get()).contains("is acting for Alice Example"));
                assertEquals("Signed in: Alice Example (via assistant chaperone-assistant) · key-bound token",
                        dev.chaperone.browser.PageScriptForTests.evaluate(session.browser(), "document.getElementById('who').textContent"));
                List<RecordedRequest> seen = portal.requests().to("/");
                String authorization = seen.get(seen.size() - 1).authorization().orElseThrow();
                assertTrue(authorization.startsWith("DPoP "), authorization);
                String token = authorization.substring("DPoP ".length());
                assertTrue(keycloak.activeForThePortal(token));
                Path journal = app.sessionDir().resolve(TokenJournal.FILE_NAME);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)),
                        "the token journal a crash would leave is the owner's alone");
                assertTrue(TokenJournal.in(app.sessionDir()).entries().stream().anyMatch(e -> e.token().equals(token)));

                app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertFalse(keycloak.activeForThePortal(token), "quitting revoked the token at Keycloak");
                assertFalse(Files.exists(app.sessionDir()), "the session's files, token journal included, are wiped");
                try (AuditFile audit = AuditFile.open(paths.auditLog())) {
                    List<String> types = audit.rows().stream().map(AuditRow::type).toList();
                    assertTrue(types.containsAll(List.of("CONFIGURATION_LOADED", "HUMAN_SIGNED_IN", "TOKEN_ISSUED",
                            "SESSION_STARTED", "TOKEN_REVOKED", "PROFILE_WIPED", "SESSION_ENDED")), types.toString());
                    AuditRow issued = audit.rows().stream().filter(r -> r.type().equals("TOKEN_ISSUED"))
                            .findFirst().orElseThrow();
                    assertEquals(KeycloakRealm.ASSISTANT_CLIENT, issued.field("token.actors.0"));
                    assertEquals("true", issued.field("token.keyBound"));
                    assertTrue(issued.field("token.audience").contains(KeycloakRealm.PORTAL_AUDIENCE), issued.event());
                }
            } finally {
                if (!app.whenQuit().isDone()) {
                    app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            }
        }
    }

}
