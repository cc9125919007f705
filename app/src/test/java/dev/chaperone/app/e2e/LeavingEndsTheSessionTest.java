package dev.chaperone.app.e2e;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.session.RunningSession;
import dev.chaperone.app.session.TaskChoice;
import dev.chaperone.app.testing.TestPaths;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.RecordedEntry;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.session.TeardownReport;
import dev.chaperone.demo.RecordedRequest;
import dev.chaperone.lifecycle.linux.LogindSignals;
import dev.chaperone.lifecycle.linux.LogindSource;
import dev.chaperone.lifecycle.linux.PrivateDBus;
import dev.chaperone.lifecycle.linux.RecordingNotificationServer;
import dev.chaperone.lifecycle.linux.Xdotool;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.chaperone.app.testing.Waits.WAIT;
import static dev.chaperone.app.testing.Waits.assertInOrder;
import static dev.chaperone.app.testing.Waits.onFx;
import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way of leaving ends the session the same ordered way, in the real app: private D-Bus
 * daemons stand in for the system bus (logind) and the session bus (screen savers, the
 * notification server), the X server is the test's Xvfb, whose idle time xdotool resets. For
 * each, a task starts, the person leaves, and the test checks the full ending: actions refused,
 * open questions denied, the token dead at the broker (introspection), the browser closed, the
 * session's files gone, the audit rows in order, the window and a desktop notification saying why.
 * Its own JVM (Chromium starts once per process; tasks follow one another in it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeavingEndsTheSessionTest {
    // Long enough that no other case here can reach it on a slow machine; the idle cases wait it out.
    static final Duration IDLE = Duration.ofSeconds(20);
    // The app listens to its own desktop session when it knows it, as logind names it.
    static final String SESSION = Optional.ofNullable(System.getenv("XDG_SESSION_ID")).orElse("2");
    static final List<String> ENDING = List.of("PERSON_LEFT", "SESSION_ENDING", "OPEN_QUESTIONS_DENIED", "TOKEN_REVOKED",
            "BROWSER_CLOSED", "PROFILE_WIPED", "SESSION_ENDED");
    static Path root;
    static AppPaths paths;
    static PrivateDBus system;
    static PrivateDBus desktopBus;
    static DBusConnection desktop;
    static RecordingNotificationServer notifications;
    static LogindSignals logind;
    static LogindSignals screenSaver;
    static DesktopApp app;
    static BrokerClient broker;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("chaperone-leaving");
        paths = TestPaths.under(root);
        system = PrivateDBus.start();
        desktopBus = PrivateDBus.start();
        desktop = DBusConnectionBuilder.forAddress(desktopBus.address()).build();
        notifications = RecordingNotificationServer.on(desktop);
        logind = LogindSignals.on(system.address()).owning("org.freedesktop.login1");
        screenSaver = LogindSignals.on(desktopBus.address()).owning("org.gnome.ScreenSaver");
        app = DesktopApp.openForTasks(new AppOptions(paths, Optional.of(Duration.ofSeconds(20)), Optional.of(system.address()),
                root.resolve("etc/chaperone.json")).withDesktop(desktopBus.address(), IDLE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        for (AutoCloseable c : new AutoCloseable[]{logind, screenSaver, desktop, desktopBus, system}) {
            if (c != null) {
                c.close();
            }
        }
        ProfileWiper.wipe(root);
    }

    @ParameterizedTest(name = "{0} ends the session: {1}")
    @Order(1)
    @CsvSource({"LOCK, SCREEN_LOCKED", "LOCKED_HINT, SCREEN_LOCKED", "INACTIVE, USER_SWITCHED", "SLEEP, SUSPENDED",
            "SESSION_REMOVED, LOGGED_OUT", "FREEDESKTOP_SCREEN_SAVER, SCREEN_SAVER", "GNOME_SCREEN_SAVER, SCREEN_SAVER"})
    void eachSignalEndsTheSessionCompletely(LogindSignals.Kind kind, EndReason expected) throws Exception {
        Started s = startTask("Leaving by " + kind);
        long sent = System.nanoTime();
        (kind.name().endsWith("SCREEN_SAVER") ? screenSaver : logind).send(kind, SESSION);
        TeardownReport report = s.running().session().whenEnded().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        System.out.println("MEASURED " + kind + " -> every ending step done: " + (System.nanoTime() - sent) / 1_000_000 + " ms");
        assertEndedCompletely(s, report, expected);
    }

    @Test
    @Order(2)
    void aLockRightAfterTheStartClosesTheBrowserChromiumIsStillMaking() throws Exception {
        // The leaving bench found that a close asked before Chromium made the browser was dropped (the
        // step failed after 5 s). Whether Chromium is still making it here depends on timing, so
        // this covers the case without being sure to hit the race; the bench's 50 rounds do.
        assertEquals(Optional.empty(), app.startTask(new TaskChoice("finance-portal", Set.of(), "Locked at once")));
        RunningSession running = app.session().orElseThrow();
        Path dir = app.sessionDir();
        logind.send(LogindSignals.Kind.LOCK, SESSION);
        TeardownReport report = running.session().whenEnded().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(report.allSucceeded(), report.toString());
        assertTrue(running.browser().isClosed());
        assertFalse(Files.exists(dir));
    }

    @Test
    @Order(2)
    void aQuestionOpenWhenThePersonLeavesIsDeniedAndItsWindowCloses() throws Exception {
        Started s = startTask("Leaving with a question open");
        Pattern deleteButton = Pattern.compile("- button \"Delete\"(?: \\[[^]]*])*? \\[ref=(e\\d+)]");
        waitUntil("the portal's page is shown", () -> deleteButton.matcher(s.running().tools().snapshot(Initiator.PERSON)
                .snapshot()).find());
        Matcher delete = deleteButton.matcher(s.running().tools().snapshot(Initiator.PERSON).snapshot());
        assertTrue(delete.find());
        CompletableFuture<String> click = CompletableFuture.supplyAsync(() -> {
            try {
                return s.running().tools().click(Initiator.tool("test", "browser_click"), delete.group(1), "Delete button").url();
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        });
        waitUntil("the prompt is shown", () -> click.isDone() || onFx(() -> app.prompt().showingProperty().get() != null));
        assertFalse(click.isDone(), () -> "the click ended without a prompt: " + click.join() + "; the session: "
                + s.running().session().endingBecause());
        logind.send(LogindSignals.Kind.LOCKED_HINT, SESSION);
        TeardownReport report = s.running().session().whenEnded().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEndedCompletely(s, report, EndReason.SCREEN_LOCKED);
        waitUntil("the prompt window closed", () -> onFx(() -> app.prompt().showingProperty().get() == null));
        click.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<AuditEvent> events = sessionEvents(s);
        assertTrue(events.stream().anyMatch(e -> e instanceof AuditEvent.PromptCancelled), events.toString());
        assertTrue(events.stream().anyMatch(e -> e instanceof AuditEvent.OpenQuestionsDenied d && d.count() >= 1), events.toString());
        assertInOrder(types(events), List.of("PROMPT_SHOWN", "PERSON_LEFT", "SESSION_ENDING", "PROMPT_CANCELLED",
                "OPEN_QUESTIONS_DENIED", "TOKEN_REVOKED"));
    }

    @Test
    @Order(3)
    void idleOnTheXServerWarnsFirstInputTakesTheWarningBackThenAwayEndsIt() throws Exception {
        Started s = startTask("Leaving by being idle");
        waitUntil("the idle warning shows", () -> onFx(() -> app.viewModel().idleWarningProperty().get())
                .matches("Ending in \\d+ s because you seem away\\. Move the mouse to stay\\."));
        long lastInput = System.nanoTime();
        Xdotool.run("mousemove", "300", "300");
        waitUntil("the warning is taken back", () -> onFx(() -> app.viewModel().idleWarningProperty().get()).isEmpty());
        assertTrue(s.running().session().isActive(), "input during the warning must keep the session");
        TeardownReport report = s.running().session().whenEnded().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long detected = (System.nanoTime() - lastInput) / 1_000_000 - IDLE.toMillis();
        System.out.println("MEASURED idle detection delay (end after the timeout): " + detected + " ms");
        assertEndedCompletely(s, report, EndReason.IDLE_TIMEOUT);
        AuditEvent.PersonLeft left = sessionEvents(s).stream().filter(AuditEvent.PersonLeft.class::isInstance)
                .map(AuditEvent.PersonLeft.class::cast).findFirst().orElseThrow();
        assertTrue(left.source().startsWith("X11 idle"), left.toString());
    }

    @Test
    @Order(4)
    void logindsIdleHintEndsItToo() throws Exception {
        Started s = startTask("Leaving by logind's idle hint");
        Xdotool.run("mousemove", "310", "310");
        logind.send(LogindSignals.Kind.IDLE_HINT, SESSION);
        // Keep the X server busy: only logind's hint can end this one.
        CompletableFuture<Void> jiggle = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 60 && s.running().session().isActive(); i++) {
                try {
                    Xdotool.run("mousemove", String.valueOf(300 + i % 2), "300");
                    Thread.sleep(500);
                } catch (Exception e) {
                    return;
                }
            }
        });
        TeardownReport report = s.running().session().whenEnded().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        jiggle.join();
        assertEndedCompletely(s, report, EndReason.IDLE_TIMEOUT);
        assertTrue(sessionEvents(s).stream().anyMatch(e -> e instanceof AuditEvent.PersonLeft l
                && l.source().startsWith("logind")), "logind's hint ended it");
    }

    @Test
    @Order(5)
    void unlockDoesNotResumeANewTaskNeedsThePersonAgain() throws Exception {
        // The last session ended; nothing runs until someone starts a task.
        assertTrue(app.session().map(r -> !r.session().isActive()).orElse(true));
        logind.send(LogindSignals.sessionProperty(LogindSource.sessionObjectPath(SESSION),
                java.util.Map.of("LockedHint", new org.freedesktop.dbus.types.Variant<>(false))));
        Thread.sleep(300);
        assertTrue(app.session().map(r -> !r.session().isActive()).orElse(true), "unlocking started nothing");
    }

    @Test
    @Order(6)
    void theWatchedSourcesAreInTheAudit() throws Exception {
        try (AuditFile audit = AuditFile.open(paths.auditLog())) {
            AuditEvent.LeavingWatched watched = audit.readAfter(0, 100_000).stream().map(e -> e.entry().event())
                    .filter(AuditEvent.LeavingWatched.class::isInstance).map(AuditEvent.LeavingWatched.class::cast)
                    .findFirst().orElseThrow();
            assertTrue(watched.seesLocks());
            assertEquals(IDLE.toSeconds(), watched.idleTimeoutSeconds());
            assertTrue(watched.watching().containsAll(List.of("logind (system bus)", "screen saver (session bus)")),
                    watched.toString());
            assertTrue(watched.watching().stream().anyMatch(w -> w.startsWith("X11 idle")), watched.toString());
        }
    }

    record Started(RunningSession running, String token, Path dir) {
    }

    private static Started startTask(String intent) throws Exception {
        int before = app.services() == null ? 0 : app.services().portal().requests().to("/").size();
        Optional<String> refused = app.startTask(new TaskChoice("finance-portal", Set.of(), intent));
        assertEquals(Optional.empty(), refused);
        RunningSession running = app.session().orElseThrow();
        waitUntil("the portal got the session's first request", () -> app.services().portal().requests().to("/").size() > before);
        List<RecordedRequest> seen = app.services().portal().requests().to("/");
        String token = seen.get(seen.size() - 1).authorization().orElseThrow().replaceFirst("^(DPoP|Bearer) ", "");
        if (broker == null) {
            ECKey key = AssistantKeyStore.loadOrCreate(paths.assistantKey());
            broker = BrokerClient.discover(BrokerSettings.of(app.services().broker().issuer()),
                    new AssistantIdentity(AssistantKeyStore.clientIdFor(key), "test"), key, () -> "");
        }
        assertTrue(broker.introspect(token).isActive());
        assertTrue(Files.isDirectory(app.sessionDir()));
        return new Started(running, token, app.sessionDir());
    }

    private static void assertEndedCompletely(Started s, TeardownReport report, EndReason expected) throws Exception {
        assertEquals(expected, report.reason());
        assertTrue(report.allSucceeded(), report.toString());
        assertFalse(s.running().session().isActive());
        assertFalse(broker.introspect(s.token()).isActive(), "the broker must say active:false once the person left");
        assertTrue(s.running().browser().isClosed(), "the session's browser must be closed");
        assertFalse(Files.exists(s.dir()), "the session's files must be wiped");
        assertEquals(List.of(), leftovers(s.dir()));
        assertInOrder(types(sessionEvents(s)), ENDING);
        waitUntil("the window says why", () -> onFx(() -> app.viewModel().endTitleProperty().get())
                .equals("Session ended. " + expected.sentence()));
        waitUntil("a desktop notification says why", () -> notifications.shown.stream()
                .anyMatch(n -> n.contains(expected.sentence())));
        notifications.shown.clear();
        assertEquals("", onFx(() -> app.viewModel().idleWarningProperty().get()));
    }

    private static List<Path> leftovers(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var files = Files.walk(dir)) {
            return files.toList();
        }
    }

    private static List<AuditEvent> sessionEvents(Started s) throws Exception {
        String session = s.dir().getFileName().toString();
        try (AuditFile audit = AuditFile.open(paths.auditLog())) {
            return audit.readAfter(0, 100_000).stream()
                    .filter(e -> e.entry().who().map(w -> w.session().equals(session)).orElse(false))
                    .map(RecordedEntry::entry).map(e -> e.event()).toList();
        }
    }

    private static List<String> types(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::type).toList();
    }
}
