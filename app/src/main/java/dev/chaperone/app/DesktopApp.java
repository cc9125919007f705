package dev.chaperone.app;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.app.lock.LogindLockListener;
import dev.chaperone.app.lock.ScreenLockListener;
import dev.chaperone.app.lock.ScreenLockUnavailableException;
import dev.chaperone.app.session.EmbeddedServices;
import dev.chaperone.app.session.RunningSession;
import dev.chaperone.app.session.SessionLauncher;
import dev.chaperone.app.ui.BrowserView;
import dev.chaperone.app.ui.DesktopApprovalPrompt;
import dev.chaperone.app.ui.MainWindow;
import dev.chaperone.app.ui.SessionViewModel;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.browser.BrowserListener;
import dev.chaperone.browser.BrowserRuntime;
import dev.chaperone.browser.BrowserStartException;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditEventType;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.session.TeardownReport;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The desktop app in embedded mode. Owns the start order (Chromium before JavaFX, per the
 * platform notes), the window, and the triggers that end the session: screen lock and quit.
 */
public final class DesktopApp {
    private final AppOptions options;
    private final SqliteAuditLog audit;
    private final Path sessionDir;
    private final String sessionId;
    private final SessionViewModel viewModel = new SessionViewModel();
    private final DesktopApprovalPrompt prompt = new DesktopApprovalPrompt();
    private final CompletableFuture<Void> quit = new CompletableFuture<>();
    private final BrowserRuntime runtime;
    private BrowserView browserView;
    private MainWindow window;
    private EmbeddedServices services;
    private ScreenLockListener lockListener;
    private volatile RunningSession running;

    private DesktopApp(AppOptions options) throws IOException, BrowserStartException {
        this.options = options;
        AppPaths paths = options.paths();
        Files.createDirectories(paths.dataDir());
        this.audit = SqliteAuditLog.open(paths.auditLog());
        this.sessionId = UUID.randomUUID().toString();
        this.sessionDir = paths.sessionsDir().resolve(sessionId);
        for (ProfileWiper.WipeResult leftover : ProfileWiper.sweepLeftovers(paths.sessionsDir(), sessionDir)) {
            audit.record(AuditEvent.of(AuditEventType.LEFTOVERS_WIPED, null, Map.of(
                    "dir", leftover.dir().toString(), "files", Long.toString(leftover.files()))));
        }
        this.runtime = BrowserRuntime.start(paths.jcefInstallDir(), sessionDir.resolve("chromium"));
    }

    /** Starts Chromium, then JavaFX, shows the window and starts the session. Returns once it runs or was refused. */
    public static DesktopApp launch(AppOptions options) throws Exception {
        DesktopApp app = new DesktopApp(options);
        app.startUi();
        app.startSession();
        return app;
    }

    private void startUi() throws InterruptedException {
        CountDownLatch shown = new CountDownLatch(1);
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            browserView = new BrowserView();
            window = new MainWindow(new Stage(), viewModel, browserView);
            window.stage().setOnCloseRequest(e -> quitAsync());
            window.show();
            shown.countDown();
        });
        shown.await();
    }

    /** Starts the session, or shows in the window why it could not start. Never leaves a half-started session. */
    private void startSession() {
        SessionLauncher.Outcome outcome;
        try {
            outcome = launchEmbeddedSession();
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            audit.record(AuditEvent.of(AuditEventType.SESSION_REFUSED, null, Map.of("reason", reason)));
            outcome = new SessionLauncher.Refused(reason);
        }
        if (outcome instanceof SessionLauncher.Refused refused) {
            Platform.runLater(() -> viewModel.showRefused(refused.reason()));
            stopBrowserAndWipe();
            return;
        }
        RunningSession started = ((SessionLauncher.Started) outcome).session();
        running = started;
        endOnTerminationSignals(started);
        browserView.attach(started.browser());
        Platform.runLater(() -> viewModel.showStarted(started.session().attribution(), started.scopes(),
                started.tokenExpiresAt()));
        started.session().whenEnded().thenAccept(report -> {
            browserView.detach();
            Platform.runLater(() -> viewModel.showEnded(report));
        });
        startLockListener();
    }

    private SessionLauncher.Outcome launchEmbeddedSession() throws IOException {
        services = EmbeddedServices.start();
        ECKey key = AssistantKeyStore.loadOrCreate(options.paths().assistantKey());
        String clientId = SessionLauncher.clientIdFor(key);
        var task = services.demoTask();
        services.broker().registerAssistant(clientId, key, java.util.Set.of(java.net.URI.create(task.resource())), task.scopes());
        String user = System.getProperty("user.name");
        Human human = new Human(user, user);
        AssistantIdentity assistant = new AssistantIdentity(clientId, "Assistant");
        Files.createDirectories(sessionDir);
        return SessionLauncher.start(new SessionLauncher.Inputs(human, assistant, key, task,
                services.broker().metadataUri(), () -> services.broker().signInLocalUser(user, user), sessionId,
                sessionDir, options.paths().downloadsDir(), runtime, audit, prompt, options.promptTimeout(),
                browserView, new WindowNotices(), expiresAt -> Platform.runLater(() -> viewModel.tokenRenewed(expiresAt))));
    }

    /**
     * Logout and shutdown send SIGTERM (and a closed terminal SIGHUP). Chromium, living in this
     * process, installs its own handlers that exit at once, so JVM shutdown hooks never run; the
     * handlers are taken back here, after Chromium started, to end the session the same ordered
     * way (revoke first) before exiting.
     */
    private static void endOnTerminationSignals(RunningSession started) {
        for (String name : new String[]{"TERM", "HUP", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    Thread ender = new Thread(() -> {
                        started.session().end(EndReason.APP_QUIT);
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }, "chaperone-end-on-" + name);
                    ender.start();
                });
            } catch (IllegalArgumentException unsupported) {
                // Not on this platform; the next start sweeps leftovers and tokens expire within minutes.
            }
        }
    }

    private void startLockListener() {
        lockListener = LogindLockListener.forThisDesktop(options.dbusSystemBus());
        try {
            lockListener.start(() -> {
                RunningSession current = running;
                if (current != null && current.session().isActive()) {
                    audit.record(AuditEvent.of(AuditEventType.SCREEN_LOCKED, current.session().attribution()));
                    endAsync(EndReason.SCREEN_LOCKED);
                }
            });
        } catch (ScreenLockUnavailableException e) {
            Platform.runLater(() -> viewModel.showNotice("Warning: " + e.getMessage()
                    + " Quit Chaperone when you leave your desk."));
        }
    }

    /** Ends the session off the UI thread; the window updates when it is done. */
    public CompletableFuture<TeardownReport> endAsync(EndReason reason) {
        RunningSession current = running;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no session"));
        }
        return CompletableFuture.supplyAsync(() -> current.session().end(reason));
    }

    /** Ends the session if one runs, stops everything and exits JavaFX. */
    public CompletableFuture<Void> quitAsync() {
        CompletableFuture.runAsync(() -> {
            try {
                RunningSession current = running;
                if (current != null) {
                    current.session().end(EndReason.APP_QUIT);
                } else {
                    stopBrowserAndWipe();
                }
            } finally {
                if (lockListener != null) {
                    lockListener.close();
                }
                if (services != null) {
                    services.close();
                }
                audit.close();
                Platform.exit();
                quit.complete(null);
            }
        });
        return quit;
    }

    private void stopBrowserAndWipe() {
        try {
            runtime.shutdown();
            ProfileWiper.wipe(sessionDir);
        } catch (BrowserStartException | IOException e) {
            System.err.println("chaperone: " + e.getMessage());
        }
    }

    public CompletableFuture<Void> whenQuit() {
        return quit;
    }

    public SessionViewModel viewModel() {
        return viewModel;
    }

    public DesktopApprovalPrompt prompt() {
        return prompt;
    }

    public Optional<RunningSession> session() {
        return Optional.ofNullable(running);
    }

    public EmbeddedServices services() {
        return services;
    }

    public BrowserView browserView() {
        return browserView;
    }

    public Path sessionDir() {
        return sessionDir;
    }

    /** Tells the person, in the window, when the gate stopped something. */
    private final class WindowNotices implements BrowserListener {
        @Override
        public void onBlocked(AssistantAction action, Decision decision) {
            Platform.runLater(() -> viewModel.showNotice("Blocked " + action.method() + " " + action.url()
                    + ": " + decision.reason()));
        }

        @Override
        public void onDialogSuppressed(String pageUrl) {
            Platform.runLater(() -> viewModel.showNotice("The page tried to open a dialog; Chaperone did not show it."));
        }

        @Override
        public void onDownloadSaved(Path file) {
            Platform.runLater(() -> viewModel.showNotice("Saved " + file));
        }

        @Override
        public void onDownloadStopped(String fileName, String reason) {
            Platform.runLater(() -> viewModel.showNotice("Not saved: " + fileName + ". " + reason));
        }
    }

}
