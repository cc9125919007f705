package dev.chaperone.app.e2e;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.app.testing.TestPaths;
import dev.chaperone.app.ui.SessionViewModel;
import dev.chaperone.browser.ProfileWiper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.chaperone.app.testing.Waits.WAIT;
import static dev.chaperone.app.testing.Waits.onFx;
import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broken managed file: the app still starts, the window says which file, line and field is
 * wrong, nothing runs, and nothing of the session stays on disk. Its own JVM (Chromium starts
 * once per process).
 */
class BrokenConfigurationTest {
    @Test
    void theWindowNamesTheFileLineAndFieldAndNoSessionRuns() throws Exception {
        Path root = Files.createTempDirectory("chaperone-broken-config");
        AppPaths paths = TestPaths.under(root);
        Path machine = Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("chaperone.json"), """
                {
                  "broker": {
                    "issuer": "https://sso.example.com/realms/corp",
                    "assistantClientId": "chaperone-assistant",
                    "dpop": "sometimes"
                  }
                }
                """);
        try (PrivateBus bus = PrivateBus.start()) {
            DesktopApp app = DesktopApp.launch(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()), machine));
            try {
                waitUntil("the window says the session did not start",
                        () -> onFx(() -> app.viewModel().phaseProperty().get()) == SessionViewModel.Phase.REFUSED);
                String details = onFx(() -> app.viewModel().endDetailsProperty().get());
                assertTrue(details.contains(machine + " line 5, broker.dpop: \"sometimes\" is not one of off, preferred, required"),
                        details);
                assertTrue(app.session().isEmpty());
                assertFalse(Files.exists(app.sessionDir()), "the unused profile is wiped");
                List<String> expected = List.of("CONFIGURATION_REFUSED", "POLICY_LOADED", "SESSION_REFUSED", "PROFILE_WIPED");
                dev.chaperone.app.testing.Waits.waitForAuditTypes(paths.auditLog(), expected);
            } finally {
                app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            ProfileWiper.wipe(root);
        }
    }
}
