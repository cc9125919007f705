package dev.chaperone.app.e2e;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.app.testing.TestPaths;
import dev.chaperone.app.ui.SessionViewModel;
import dev.chaperone.browser.ProfileWiper;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail closed in the real app: when the session cannot start, the window says why and what to
 * do, no browser session exists, and nothing of it stays on disk. Its own JVM (Chromium starts
 * once per process).
 */
class RefusedSessionTest {
    @Test
    void aKeyFileOthersCanReadRefusesTheSessionAndTheWindowSaysWhy() throws Exception {
        Path root = Files.createTempDirectory("chaperone-refused");
        AppPaths paths = TestPaths.under(root);
        Files.createDirectories(paths.assistantKey().getParent());
        Files.writeString(paths.assistantKey(), "{}");
        Files.setPosixFilePermissions(paths.assistantKey(), PosixFilePermissions.fromString("rw-r--r--"));
        try (PrivateBus bus = PrivateBus.start()) {
            DesktopApp app = DesktopApp.launch(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()),
                root.resolve("etc/chaperone.json")));
            try {
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                        () -> app.viewModel().phaseProperty().get() == SessionViewModel.Phase.REFUSED);
                String details = WaitForAsyncUtils.asyncFx(() -> app.viewModel().endDetailsProperty().get()).get();
                assertTrue(details.contains("can be read by other users"), details);
                assertTrue(details.contains("chmod 600 " + paths.assistantKey()), details);
                assertTrue(app.session().isEmpty(), "no session may start");
                assertFalse(Files.exists(app.sessionDir()), "the unused profile is wiped");
                assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.assistantKey())),
                        "an exposed key is refused, not quietly made private");
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.assistantKey().getParent())));
                // The folders the test made (0755) were tightened at start, which the audit records first.
                List<String> expected = List.of("CONFIGURATION_LOADED", "FILES_MADE_PRIVATE", "POLICY_LOADED", "SESSION_REFUSED",
                        "PROFILE_WIPED");
                dev.chaperone.app.testing.Waits.waitForAuditTypes(paths.auditLog(), expected);
            } finally {
                app.quitAsync().get(30, TimeUnit.SECONDS);
            }
        } finally {
            ProfileWiper.wipe(root);
        }
    }
}
