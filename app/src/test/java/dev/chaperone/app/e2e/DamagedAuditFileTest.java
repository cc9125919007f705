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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.chaperone.app.testing.Waits.WAIT;
import static dev.chaperone.app.testing.Waits.onFx;
import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An audit file that is not a database (overwritten by a careless script): the app still opens
 * its window, says why, and no session starts: the assistant never acts unrecorded. The damaged
 * file is left as it was, for the investigation. Its own JVM (Chromium starts once per process).
 */
class DamagedAuditFileTest {
    @Test
    void noSessionStartsAndTheWindowSaysTheAuditLogIsDamaged() throws Exception {
        Path root = Files.createTempDirectory("chaperone-damaged-audit");
        AppPaths paths = TestPaths.under(root);
        Files.createDirectories(paths.auditLog().getParent());
        String garbage = "this is not a database ".repeat(300);
        Files.writeString(paths.auditLog(), garbage);
        try (PrivateBus bus = PrivateBus.start()) {
            DesktopApp app = DesktopApp.launch(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()),
                    root.resolve("etc/chaperone.json")));
            try {
                waitUntil("the window says the session did not start",
                        () -> onFx(() -> app.viewModel().phaseProperty().get()) == SessionViewModel.Phase.REFUSED);
                String details = onFx(() -> app.viewModel().endDetailsProperty().get());
                assertTrue(details.contains("never acts unrecorded") && details.contains(paths.auditLog().toString()), details);
                assertTrue(app.session().isEmpty(), "no session may start");
                assertFalse(Files.exists(app.sessionDir()), "the unused profile is wiped");
            } finally {
                app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            assertEquals(garbage, Files.readString(paths.auditLog()), "the damaged file is kept as it was");
        } finally {
            ProfileWiper.wipe(root);
        }
    }
}
