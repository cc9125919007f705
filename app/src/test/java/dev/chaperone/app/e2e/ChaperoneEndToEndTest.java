package dev.chaperone.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.lifecycle.linux.LogindSource;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.app.testing.TestPaths;
import dev.chaperone.app.session.RunningSession;
import dev.chaperone.app.ui.SessionViewModel;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.session.TeardownReport;
import dev.chaperone.demo.RecordedRequest;
import javafx.geometry.Point2D;
import org.cef.network.CefCookie;
import org.cef.network.CefCookieManager;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.chaperone.app.testing.Waits.WAIT;
import static dev.chaperone.app.testing.Waits.assertInOrder;
import static dev.chaperone.app.testing.Waits.onFx;
import static dev.chaperone.app.testing.Waits.waitUntil;

/**
 * The real app, end to end: embedded broker over HTTP, the demo portal, Chromium under Xvfb
 * rendered into the JavaFX window, clicks through the X server, the native prompt, a real D-Bus
 * daemon for the lock signal, and the SQLite audit file. One ordered story, because Chromium
 * starts once per process and the lock at the end shuts it down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaperoneEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path root;
    static AppPaths paths;
    static PrivateBus bus;
    static DesktopApp app;
    static RunningSession session;
    static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void launch() throws Exception {
        root = Files.createTempDirectory("chaperone-e2e");
        paths = TestPaths.under(root);
        // As an older version left them (measured: folders 0755, audit.db 0644): readable by every local user.
        Files.createDirectories(paths.sessionsDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(paths.dataDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(paths.dataDir().resolve("notes-from-an-older-version.txt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        bus = PrivateBus.start();
        app = DesktopApp.launch(new AppOptions(paths, Optional.empty(), Optional.of(bus.address()),
                root.resolve("etc/chaperone.json")));
        session = app.session().orElseThrow(() -> new AssertionError("session refused: "
                + app.viewModel().endDetailsProperty().get()));
        waitUntil("the portal page has loaded", () -> session.browser().loadsFinished() > 0
                && !app.services().portal().requests().to("/").isEmpty());
    }

    @AfterAll
    static void quit() throws Exception {
        if (app != null) {
            app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        if (bus != null) {
            bus.close();
        }
        if (root != null) {
            dev.chaperone.browser.ProfileWiper.wipe(root);
        }
    }

    @Test
    @Order(1)
    void theBannerAndThePortalBothNameTheHumanAndTheAssistant() throws Exception {
        String user = System.getProperty("user.name");
        String clientId = session.session().attribution().assistant().clientId();
        SessionViewModel vm = app.viewModel();
        assertEquals("Assistant " + clientId + " is acting for " + user + " (" + user + ")", onFx(() -> vm.actingForProperty().get()));
        assertTrue(onFx(() -> vm.countdownProperty().get()).matches("Access expires in [0-4]:\\d\\d"));
        assertEquals("Signed in: " + user + " (via assistant " + clientId + ") · key-bound token",
                evaluate("document.getElementById('who').textContent"));
        assertTrue(app.browserView().framesPainted() > 0, "the page was painted into the JavaFX window");
    }

    @Test
    @Order(2)
    void theTokenGoesToThePortalOnlyAndNamesSubjectAndActor() throws Exception {
        waitUntil("the embedded status badge was requested", () -> !app.services().statusSite().requests().to("/badge.png").isEmpty());
        List<RecordedRequest> portal = app.services().portal().requests().to("/");
        // Embedded mode binds the token to the session's key (DPoP), so it goes out as "DPoP <token>".
        assertTrue(portal.stream().allMatch(r -> r.authorization().orElse("").startsWith("DPoP ")), portal.toString());
        List<RecordedRequest> elsewhere = app.services().statusSite().requests().all();
        assertFalse(elsewhere.isEmpty());
        assertTrue(elsewhere.stream().allMatch(r -> r.authorization().isEmpty()), "token leaked: " + elsewhere);

        JWTClaimsSet claims = SignedJWT.parse(currentToken()).getJWTClaimsSet();
        assertEquals(System.getProperty("user.name"), claims.getSubject());
        assertEquals(Map.of("sub", session.session().attribution().assistant().clientId()), claims.getJSONObjectClaim("act"));
        assertEquals(List.of(app.services().portal().audience()), claims.getAudience());
    }

    @Test
    @Order(3)
    void aCookieInChromiumsGlobalContextIsNotSentByTheAssistantsContext() throws Exception {
        String portalUrl = app.services().portal().origin() + "/";
        CefCookie cookie = new CefCookie("employee_session", "the-humans-session", "127.0.0.1", "/", false, true,
                new Date(), new Date(), false, null);
        assertTrue(CefCookieManager.getGlobalManager().setCookie(portalUrl, cookie));
        waitUntil("the cookie is in the global store", () -> {
            CompletableFuture<Boolean> seen = new CompletableFuture<>();
            CefCookieManager.getGlobalManager().visitUrlCookies(portalUrl, true, (c, count, total, delete) -> {
                if (c.name.equals("employee_session")) {
                    seen.complete(true);
                }
                return true;
            });
            return seen.completeOnTimeout(false, 500, TimeUnit.MILLISECONDS).join();
        });
        int requestsBefore = app.services().portal().requests().to("/").size();
        int loadsBefore = session.browser().loadsFinished();
        session.browser().navigate(portalUrl);
        waitUntil("the page reloaded", () -> session.browser().loadsFinished() > loadsBefore
                && app.services().portal().requests().to("/").size() > requestsBefore);
        assertTrue(app.services().portal().requests().all().stream().allMatch(r -> r.cookie().isEmpty()),
                app.services().portal().requests().all().toString());
    }

    @Test
    @Order(4)
    void anUndeclaredWriteWaitsAtThePromptWithWhatItWouldSendAndDenyKeepsItFromThePortal() throws Exception {
        AtomicLong shownAt = watchForPrompt();
        clickElement("delete");
        waitUntil("the write waits at the approval prompt", () -> shownAt.get() != 0 && robot.lookup("#prompt-deny").tryQuery().isPresent());
        assertTrue(app.services().portal().requests().all().stream().noneMatch(r -> r.method().equals("POST")),
                "a held write has not reached the portal");
        // The person clicked Delete themselves in the assistant's window; the prompt does not blame the assistant.
        assertEquals("Send this change from the assistant's browser?", robot.lookup("#prompt-title").queryLabeled().getText());
        String what = robot.lookup("#prompt-what").queryLabeled().getText();
        assertTrue(what.startsWith("Send a POST request to " + app.services().portal().origin() + "/invoices/INV-1001/delete"), what);
        // The portal's delete sends no body; the person is told so (a body would be summed up and fingerprinted).
        assertTrue(what.endsWith("With: no data"), "the person sees what is sent: " + what);
        robot.clickOn("#prompt-deny");
        waitUntil("the page reports the block", () -> evaluate("document.getElementById('result').textContent")
                .equals("Blocked before it reached the portal."));
        assertTrue(app.services().portal().requests().all().stream().noneMatch(r -> r.method().equals("POST")),
                "the write must not reach the portal");
        waitUntil("the window tells the person", () -> onFx(() -> app.viewModel().noticeProperty().get())
                .startsWith("Blocked POST " + app.services().portal().origin() + "/invoices/INV-1001/delete"));
    }

    @Test
    @Order(5)
    void exportAsksAndDenyLeavesNoFile() throws Exception {
        long promptMillis = clickExportAndWaitForPrompt();
        System.out.println("MEASURED click on Export CSV -> prompt shown: " + promptMillis + " ms");
        assertEquals("Save this file from the assistant's browser?", robot.lookup("#prompt-title").queryLabeled().getText(),
                "the person clicked Export themselves: the question is not put as the assistant's");
        assertEquals("Save the file \"invoices.csv\" to your computer", robot.lookup("#prompt-what").queryLabeled().getText());
        assertEquals("Saving a file takes data off the page.", robot.lookup("#prompt-why").queryLabeled().getText());
        assertEquals("marked restricted by the page (confidential by your organisation)",
                robot.lookup("#prompt-data").queryLabeled().getText(), "the portal's page marks its own data higher than IT");
        assertEquals("Allow from this site for 10 min", robot.lookup("#prompt-allow-while").queryButton().getText(),
                "the policy lets the person allow saving files from this site for a while");
        robot.clickOn("#prompt-deny");
        waitUntil("the download was cancelled", () -> auditTypes().contains("DOWNLOAD_CANCELLED"));
        waitUntil("the prompt closed", () -> onFx(() -> app.prompt().showingProperty().get() == null));
        assertEquals(List.of(), filesUnder(paths.downloadsDir()));
    }

    @Test
    @Order(6)
    void exportAllowedLeavesTheFile() throws Exception {
        clickExportAndWaitForPrompt();
        assertTrue(robot.lookup("#prompt-allow").queryButton().isDisabled(), "Allow must not be clickable at once");
        waitUntil("Allow is armed", () -> !robot.lookup("#prompt-allow").queryButton().isDisabled());
        robot.clickOn("#prompt-allow");
        Path csv = paths.downloadsDir().resolve("invoices.csv");
        waitUntil("the file was saved", () -> auditTypes().contains("DOWNLOAD_COMPLETED"));
        assertEquals(List.of(csv), filesUnder(paths.downloadsDir()));
        assertTrue(Files.readString(csv).startsWith("number,customer,amount\nINV-1001,"));
    }

    @Test
    @Order(7)
    void anApprovedWriteGoesOnceWithATokenMintedForItAloneWhichIsRevokedBeforeThePageSeesTheAnswer() throws Exception {
        JWTClaimsSet reading = SignedJWT.parse(currentToken()).getJWTClaimsSet();
        assertEquals("invoices:read", reading.getStringClaim("scope"), "the token every request carries has no write scope");
        AtomicLong shownAt = watchForPrompt();
        clickElement("paid");
        waitUntil("the write waits at the prompt", () -> shownAt.get() != 0 && robot.lookup("#prompt-allow").tryQuery().isPresent());
        String what = robot.lookup("#prompt-what").queryLabeled().getText();
        String address = app.services().portal().origin() + "/invoices/INV-1001/paid";
        assertTrue(what.startsWith("Send a POST request to " + address), what);
        assertTrue(app.services().portal().requests().all().stream().noneMatch(r -> r.path().endsWith("/paid")), "held, not sent");
        waitUntil("Allow is armed", () -> !robot.lookup("#prompt-allow").queryButton().isDisabled());
        robot.clickOn("#prompt-allow");
        waitUntil("the portal's answer reached the page", () -> evaluate("document.getElementById('result').textContent")
                .equals("Done."));

        List<RecordedRequest> writes = app.services().portal().requests().all().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/invoices/INV-1001/paid")).toList();
        assertEquals(1, writes.size(), "the portal saw the write exactly once");
        JWTClaimsSet writing = SignedJWT.parse(writes.get(0).authorization().orElseThrow().substring("DPoP ".length()))
                .getJWTClaimsSet();
        assertEquals(Set.of("invoices:export", "invoices:write"), Set.of(writing.getStringClaim("scope").split(" ")),
                "the write's own token carries the task's write scopes and nothing to read with");
        assertNotEquals(reading.getJWTID(), writing.getJWTID());
        assertTrue(writing.getExpirationTime().getTime() - writing.getIssueTime().getTime() <= 60_000,
                "the write's token lives a minute at most");
        assertTrue(app.services().broker().isRevoked(writing.getJWTID()), "revoked before the page saw the answer");
        assertFalse(app.services().broker().isRevoked(reading.getJWTID()), "the session's own token lives on");
        // The revocation's row is queued (not durable) just before the page gets the answer: wait until it is committed.
        waitUntil("the audit holds the write token's TOKEN_REVOKED row", () -> {
            try (AuditFile audit = AuditFile.open(paths.auditLog())) {
                return audit.rows().stream().anyMatch(r -> r.type().equals("TOKEN_REVOKED")
                        && r.field("tokenId").equals(writing.getJWTID()));
            }
        });
        try (AuditFile audit = AuditFile.open(paths.auditLog())) {
            List<AuditRow> rows = audit.rows();
            int issued = indexOf(rows, r -> r.type().equals("WRITE_TOKEN_ISSUED") && r.field("token.tokenId").equals(writing.getJWTID())
                    && r.field("method").equals("POST") && r.field("url").equals(address));
            int revoked = indexOf(rows, r -> r.type().equals("TOKEN_REVOKED") && r.field("tokenId").equals(writing.getJWTID())
                    && r.field("note").equals("after the one request it was minted for"));
            assertTrue(issued >= 0 && revoked > issued, "the audit shows the write token minted, then revoked");
        }
    }

    private static int indexOf(List<AuditRow> rows, java.util.function.Predicate<AuditRow> wanted) {
        for (int i = 0; i < rows.size(); i++) {
            if (wanted.test(rows.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    @Order(8)
    void screenLockEndsTheSessionRevokesTheTokenAndWipesTheFiles() throws Exception {
        String token = currentToken();
        ECKey key = AssistantKeyStore.loadOrCreate(paths.assistantKey());
        BrokerClient broker = BrokerClient.discover(BrokerSettings.of(app.services().broker().issuer()),
                new AssistantIdentity(AssistantKeyStore.clientIdFor(key), "test"), key, () -> "");
        assertTrue(broker.introspect(token).isActive());
        assertTrue(Files.isDirectory(app.sessionDir()));

        String sessionPath = LogindSource.sessionObjectPath(Optional.ofNullable(System.getenv("XDG_SESSION_ID")).orElse("2"));
        long signalled;
        TeardownReport report;
        try (DBusConnection logind = DBusConnectionBuilder.forAddress(bus.address()).build()) {
            signalled = System.nanoTime();
            logind.sendMessage(new Properties.PropertiesChanged(sessionPath, "org.freedesktop.login1.Session",
                    Map.of("LockedHint", new Variant<>(true)), List.of()));
            report = session.session().whenEnded().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        long endedMillis = (System.nanoTime() - signalled) / 1_000_000;
        StringBuilder steps = new StringBuilder();
        report.steps().forEach(s -> steps.append(", ").append(s.name()).append(' ').append(s.took().toMillis()).append(" ms"));
        System.out.println("MEASURED lock signal -> token revoked + browser closed + files wiped: " + endedMillis + " ms" + steps);

        assertTrue(report.allSucceeded(), report.toString());
        assertFalse(broker.introspect(token).isActive(), "the broker must say active:false after the lock");
        assertTrue(session.browser().isClosed());
        assertFalse(Files.exists(app.sessionDir()), "session files must be wiped");
        waitUntil("the window says why it ended", () -> onFx(() -> app.viewModel().endTitleProperty().get())
                .equals("Session ended. Your screen was locked."));
        assertEquals(List.of(paths.downloadsDir().resolve("invoices.csv")), filesUnder(paths.downloadsDir()),
                "the file the person allowed stays");

        try (AuditFile audit = AuditFile.open(paths.auditLog())) {
            dev.chaperone.audit.Verification verified = audit.verify(dev.chaperone.audit.AuditSigningKey.publicKeyFrom(
                    dev.chaperone.audit.AuditSigningKey.fileFor(paths.auditLog())));
            assertTrue(verified.intact(), verified.describe());
            assertTrue(verified.checkpoints() >= 1, "the end of the session left a signed checkpoint");
            String clientId = session.session().attribution().assistant().clientId();
            // Workstation rows (configuration, policy, leftovers, checkpoints) come with nobody's name.
            List<dev.chaperone.core.audit.RecordedEntry> entries = audit.readAfter(0, 10_000).stream()
                    .filter(e -> e.entry().who().isPresent()).toList();
            for (dev.chaperone.core.audit.RecordedEntry e : entries) {
                dev.chaperone.core.audit.AuditAttribution who = e.entry().who().orElseThrow();
                assertEquals(System.getProperty("user.name"), who.human(), e.toString());
                assertEquals(clientId, who.assistant(), e.toString());
                assertEquals("invoice-review", who.task(), e.toString());
            }
            assertInOrder(entries.stream().map(e -> e.entry().event().type()).toList(), List.of(
                    "TOKEN_ISSUED", "SESSION_STARTED", "ACTION_DECIDED",
                    "PROMPT_SHOWN", "PROMPT_ANSWERED", "ACTION_DECIDED", "DOWNLOAD_CANCELLED",
                    "PROMPT_SHOWN", "PROMPT_ANSWERED", "ACTION_DECIDED", "DOWNLOAD_COMPLETED",
                    "PERSON_LEFT", "SESSION_ENDING", "OPEN_QUESTIONS_DENIED", "TOKEN_REVOKED", "BROWSER_CLOSED", "PROFILE_WIPED", "SESSION_ENDED"));
            List<String> downloadDecisions = entries.stream()
                    .map(e -> e.entry().event())
                    .filter(dev.chaperone.core.audit.AuditEvent.ActionDecided.class::isInstance)
                    .map(dev.chaperone.core.audit.AuditEvent.ActionDecided.class::cast)
                    .filter(d -> d.action().kind() == dev.chaperone.core.gate.ActionKind.DOWNLOAD)
                    .map(d -> d.decision().outcome() + " by " + d.decision().decidedBy()).toList();
            assertEquals(List.of("DENY by HUMAN", "ALLOW by HUMAN"), downloadDecisions);
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Clicks a page element through the X server, into the JavaFX view, as a person would. */
    private static long clickElement(String id) throws Exception {
        JsonNode rect = JSON.readTree(evaluate(
                "JSON.stringify(document.getElementById('" + id + "').getBoundingClientRect())"));
        double x = rect.get("x").asDouble() + rect.get("width").asDouble() / 2;
        double y = rect.get("y").asDouble() + rect.get("height").asDouble() / 2;
        Point2D onScreen = onFx(() -> app.browserView().imageView().localToScreen(x, y));
        robot.moveTo(onScreen);
        long pressedAt = System.nanoTime();
        robot.clickOn(javafx.scene.input.MouseButton.PRIMARY);
        return pressedAt;
    }

    /** The time the next approval prompt shows, once it has. */
    private static AtomicLong watchForPrompt() throws Exception {
        AtomicLong shownAt = new AtomicLong();
        onFx(() -> {
            app.prompt().showingProperty().addListener((obs, old, now) -> {
                if (now != null) {
                    shownAt.compareAndSet(0, System.nanoTime());
                }
            });
            return null;
        });
        return shownAt;
    }

    private static long clickExportAndWaitForPrompt() throws Exception {
        AtomicLong shownAt = watchForPrompt();
        long clicked = clickElement("export");
        waitUntil("the approval prompt is shown", () -> shownAt.get() != 0 && robot.lookup("#prompt-deny").tryQuery().isPresent());
        return (shownAt.get() - clicked) / 1_000_000;
    }

    private static String evaluate(String expression) throws Exception {
        return dev.chaperone.browser.PageScriptForTests.evaluate(session.browser(), expression);
    }

    @Test
    @Order(2)
    void everythingChaperoneKeepsIsTheOwnersAloneAndLooserFilesWereRepairedAndAudited() throws Exception {
        List<String> loose = new java.util.ArrayList<>();
        try (Stream<Path> all = Files.walk(paths.dataDir())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
                // Chromium writes its own files with its own modes; its root folder is owner-only, so none is reachable.
                boolean chromiumsOwn = p.getParent() != null && p.toString().contains("/chromium/");
                if (!Files.isSymbolicLink(p) && !mode.endsWith("------") && !chromiumsOwn) {
                    loose.add(p + " " + mode);
                }
            }
        }
        assertEquals(List.of(), loose, "while a session runs, no folder or file of Chaperone's is open to other users");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.auditLog())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(app.sessionDir())));
        try (Stream<Path> roots = Files.find(paths.sessionsDir(), 3, (p, a) -> p.getFileName().toString().equals("chromium"))) {
            for (Path chromium : roots.toList()) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(chromium)), chromium.toString());
            }
        }
        try (AuditFile audit = AuditFile.open(paths.auditLog())) {
            AuditRow repaired = audit.rows().stream().filter(r -> r.type().equals("FILES_MADE_PRIVATE")).findFirst()
                    .orElseThrow(() -> new AssertionError("the repair is in the audit"));
            String named = repaired.event();
            assertTrue(named.contains("notes-from-an-older-version.txt (was rw-r--r--)"), named);
            assertTrue(named.contains("sessions (was rwxr-xr-x)"), named);
        }
    }

    private static String currentToken() {
        List<RecordedRequest> seen = app.services().portal().requests().to("/");
        return seen.get(seen.size() - 1).authorization().orElseThrow().substring("DPoP ".length());
    }

    private static List<String> auditTypes() {
        try (AuditFile audit = AuditFile.open(paths.auditLog())) {
            return audit.rows().stream().map(AuditRow::type).toList();
        }
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
