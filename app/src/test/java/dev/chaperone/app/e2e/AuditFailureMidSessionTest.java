package dev.chaperone.app.e2e;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.session.RunningSession;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.app.testing.TestPaths;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.session.TeardownReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
 * The audit file stops taking writes while a session runs (here: another process holds it
 * locked, as a backup tool or a stuck script would): the navigation that needed a row is blocked
 * and never reaches the site, the session ends through the one end path (revoke, close, wipe),
 * and the window says why. Nothing is lost: what could not be written is in the chain after the
 * next start. Its own JVM (Chromium starts once per process).
 */
class AuditFailureMidSessionTest {
    @Test
    void theSessionEndsAndTheWindowSaysTheAuditLogCouldNotBeWritten() throws Exception {
        Path root = Files.createTempDirectory("chaperone-audit-failure");
        AppPaths paths = TestPaths.under(root);
        try (PrivateBus bus = PrivateBus.start()) {
            DesktopApp app = DesktopApp.launch(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()),
                    root.resolve("etc/chaperone.json")));
            try {
                RunningSession session = app.session().orElseThrow(() -> new AssertionError("session refused: "
                        + app.viewModel().endDetailsProperty().get()));
                waitUntil("the portal page has loaded", () -> session.browser().loadsFinished() > 0);
                String portal = app.services().portal().origin() + "/";
                int portalRequests = app.services().portal().requests().to("/").size();
                TeardownReport report;
                try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + paths.auditLog());
                     Statement s = other.createStatement()) {
                    s.execute("BEGIN EXCLUSIVE");
                    session.browser().navigate(portal);
                    report = session.session().whenEnded().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    s.execute("ROLLBACK");
                }
                assertEquals(EndReason.AUDIT_UNAVAILABLE, report.reason());
                assertTrue(report.allSucceeded(), "revoke, close and wipe still ran: " + report);
                assertEquals(portalRequests, app.services().portal().requests().to("/").size(),
                        "the navigation that could not be recorded never reached the site");
                assertFalse(Files.exists(app.sessionDir()), "the session's files are wiped");
                waitUntil("the window says why", () -> onFx(() -> app.viewModel().endTitleProperty().get())
                        .contains("The audit log could not be written"));
            } finally {
                app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            // What could not be written was kept beside the file; the next start puts it into the chain.
            try (SqliteAuditLog next = SqliteAuditLog.open(paths.auditLog())) {
                List<String> types = next.rowsWritten().stream().map(AuditRow::type).toList();
                assertTrue(types.containsAll(List.of("SESSION_ENDING", "TOKEN_REVOKED", "BROWSER_CLOSED", "PROFILE_WIPED",
                        "SESSION_ENDED", "AUDIT_ENTRIES_RECOVERED")), types.toString());
            }
        } finally {
            ProfileWiper.wipe(root);
        }
    }
}
