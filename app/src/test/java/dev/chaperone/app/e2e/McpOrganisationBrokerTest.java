package dev.chaperone.app.e2e;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.mcp.McpDesk;
import dev.chaperone.app.testing.OrganisationBroker;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.broker.client.testing.KeycloakRealm;
import dev.chaperone.core.session.TaskDesk;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.chaperone.app.testing.Waits.WAIT;
import static dev.chaperone.app.testing.Waits.onFx;
import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks an assistant asks for, against the organisation's Keycloak: IT's managed file lets the
 * Finance Portal start without asking, so no prompt appears and the audit says IT answered; the
 * person signs in once (device code), and a second task runs for them without signing in again.
 * Its own JVM (Chromium starts once per process).
 */
class McpOrganisationBrokerTest {
    @Test
    void itsSiteStartsWithoutAskingAndTheSecondTaskNeedsNoSecondSignIn() throws Exception {
        try (OrganisationBroker org = OrganisationBroker.start("chaperone-mcp-configured", "\"startWithoutAsking\": true");
             PrivateBus bus = PrivateBus.start()) {
            AppPaths paths = org.paths;
            Path machine = org.machineFile;
            DesktopApp app = DesktopApp.openForTasks(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()), machine));
            try {
                McpDesk desk = new McpDesk(app);
                CompletableFuture<Void> alice = CompletableFuture.runAsync(() -> {
                    try {
                        waitUntil("the window shows a sign-in code", () -> onFx(() -> app.viewModel().signInUriProperty().get()) != null);
                        KeycloakRealm.approveDevice(onFx(() -> app.viewModel().signInUriProperty().get()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                TaskDesk.TaskStatus first = desk.start(new TaskDesk.TaskRequest("test-assistant", "c1", "Check invoices",
                        "finance-portal", Set.of("read"), 5));
                alice.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(first.running(), first.toString());
                assertNull(onFx(() -> app.prompt().showingProperty().get()), "IT's site starts without a prompt");
                assertFalse(desk.end("c1").running());

                TaskDesk.TaskStatus second = desk.start(new TaskDesk.TaskRequest("test-assistant", "c1", "Check again",
                        "finance-portal", Set.of("read"), 5));
                assertTrue(second.running(), "the second task runs for the same signed-in person");
                desk.end("c1");
            } finally {
                app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            try (AuditFile audit = AuditFile.open(paths.auditLog())) {
                List<AuditRow> rows = audit.rows();
                assertTrue(rows.stream().filter(r -> r.type().equals("PROMPT_ANSWERED"))
                        .allMatch(r -> r.field("approver").equals("IT policy: starts without asking")), "IT answered, not a person");
                assertTrue(rows.stream().filter(r -> r.type().equals("HUMAN_SIGNED_IN")).count() == 1, "signed in once");
                assertTrue(rows.stream().filter(r -> r.type().equals("TOKEN_ISSUED")).count() == 2, "two tasks, two tokens");
            }
        }
    }
}
