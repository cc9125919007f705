package dev.chaperone.app.e2e;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.app.testing.TestPaths;
import dev.chaperone.app.ui.SessionViewModel;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IT allows an engine at most one day old, and the bundled one is older: the app starts, Chromium
 * does not, the window says which version, how old, and what to do, and no session runs. Its own
 * JVM (Chromium starts once per process).
 */
class EngineTooOldTest {
    @Test
    void anEngineOlderThanITAllowsStartsNoChromiumAndTheWindowSaysVersionAgeAndWhatToDo() throws Exception {
        Path root = Files.createTempDirectory("chaperone-old-engine");
        AppPaths paths = TestPaths.under(root);
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("chaperone.json"), "{ \"browser\": { \"maxEngineAgeDays\": 1 } }");
        try (PrivateBus bus = PrivateBus.start()) {
            DesktopApp app = DesktopApp.launch(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()),
                    etc.resolve("chaperone.json")));
            try {
                waitUntil("the window says the session did not start",
                        () -> onFx(() -> app.viewModel().phaseProperty().get()) == SessionViewModel.Phase.REFUSED);
                String details = onFx(() -> app.viewModel().endDetailsProperty().get());
                java.util.regex.Matcher said = java.util.regex.Pattern.compile("The assistant's browser is too old: Chromium [0-9.]+, "
                        + "released \\d{4}-\\d\\d-\\d\\d \\(\\d+ days ago\\); IT allows at most 1 days "
                        + "\\(browser.maxEngineAgeDays\\)\\. Update Chaperone\\.").matcher(details);
                assertTrue(said.find(), details);
                String reason = said.group();
                assertTrue(app.session().isEmpty());
                assertEquals(List.of(), ProcessHandle.current().descendants()
                        .filter(p -> p.info().command().map(c -> c.endsWith("jcef_helper") || c.endsWith("bwrap")).orElse(false))
                        .toList(), "Chromium never started");
                waitUntil("the refusal is in the audit", () -> rows(paths).stream().anyMatch(r -> r.type().equals("SESSION_REFUSED")));
                AuditRow refused = rows(paths).stream().filter(r -> r.type().equals("SESSION_REFUSED")).findFirst().orElseThrow();
                assertEquals(reason, refused.field("reason"));
                assertTrue(rows(paths).stream().anyMatch(r -> r.type().equals("CONFIGURATION_REFUSED")
                        && r.field("reason").equals(reason)), "the refusal is recorded when it is found, before any session");
            } finally {
                app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            ProfileWiper.wipe(root);
        }
    }

    private static List<AuditRow> rows(AppPaths paths) {
        try (AuditFile audit = AuditFile.open(paths.auditLog())) {
            return audit.rows();
        }
    }
}
