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
 * A broken managed policy: the app starts, the window names the file and line, no session runs.
 * Its own JVM (Chromium starts once per process).
 */
class BrokenPolicyTest {
    @Test
    void theWindowNamesThePolicyFileAndLineAndNoSessionRuns() throws Exception {
        Path root = Files.createTempDirectory("chaperone-broken-policy");
        AppPaths paths = TestPaths.under(root);
        Path etc = Files.createDirectories(root.resolve("etc"));
        Path policy = Files.writeString(etc.resolve("policy.cedar"), """
                // IT's rules for assistants
                @id("read") permit (principal, action == Action::"navigate", resource) when { context.reachable };

                @id("typo") forbid (principal, action, resource) when { context.locked == };
                """);
        try (PrivateBus bus = PrivateBus.start()) {
            DesktopApp app = DesktopApp.launch(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()),
                    etc.resolve("chaperone.json")));
            try {
                waitUntil("the window says the session did not start",
                        () -> onFx(() -> app.viewModel().phaseProperty().get()) == SessionViewModel.Phase.REFUSED);
                String details = onFx(() -> app.viewModel().endDetailsProperty().get());
                assertTrue(details.contains("The policy in " + policy + " cannot be read (line 4)"), details);
                assertTrue(app.session().isEmpty());
                List<String> expected = List.of("CONFIGURATION_LOADED", "CONFIGURATION_REFUSED", "SESSION_REFUSED", "PROFILE_WIPED");
                dev.chaperone.app.testing.Waits.waitForAuditTypes(paths.auditLog(), expected);
            } finally {
                app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            ProfileWiper.wipe(root);
        }
    }
}
