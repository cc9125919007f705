package dev.chaperone.app;

import com.nimbusds.jose.jwk.JWK;
import dev.chaperone.app.session.ConfiguredMode;
import dev.chaperone.app.session.EmbeddedServices;
import dev.chaperone.app.session.LeavingWatch;
import dev.chaperone.app.session.LeftoverTokens;
import dev.chaperone.app.session.RunningSession;
import dev.chaperone.app.session.SessionPlan;
import dev.chaperone.app.session.SessionSupervisor;
import dev.chaperone.app.session.TaskChoice;
import dev.chaperone.app.ui.BrowserView;
import dev.chaperone.app.ui.DesktopApprovalPrompt;
import dev.chaperone.app.ui.MainWindow;
import dev.chaperone.app.ui.SessionViewModel;
import dev.chaperone.audit.AuditStoreException;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.audit.UnopenedAuditLog;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.signin.HumanSession;
import dev.chaperone.broker.client.signin.SignInPrompt;
import dev.chaperone.browser.BrowserListener;
import dev.chaperone.browser.BrowserRuntime;
import dev.chaperone.browser.BrowserStartException;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.config.ChaperoneConfig;
import dev.chaperone.config.ConfigException;
import dev.chaperone.config.ConfigLoader;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.files.PrivateFiles;
import dev.chaperone.core.gate.Policy;
import dev.chaperone.policy.CedarPolicy;
import dev.chaperone.policy.PolicyException;
import dev.chaperone.policy.PolicyLoader;
import dev.chaperone.policy.Sensitivity;
import dev.chaperone.core.audit.AuditLog;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.session.TaskTarget;
import dev.chaperone.core.session.TeardownReport;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.lifecycle.DesktopNotifier;
import dev.chaperone.lifecycle.Presence;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The desktop app. Owns the start order (Chromium before JavaFX, per the platform notes), the
 * window, the choice between the embedded mode and the configured broker, and routes every trigger
 * that ends the session (screen lock, quit, signals) to the one {@link SessionSupervisor}.
 */
public final class DesktopApp {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopApp.class);
    private final AppOptions options;
    // The store, or a stand-in that refuses every entry when the file could not be opened.
    private final AuditLog auditLog;
    private final AuditTrail audit;
    private final java.util.List<dev.chaperone.audit.export.AuditForwarder> forwarders = new java.util.ArrayList<>();
    // Chromium's root folder for this run; each session has a folder of its own beside it.
    private final Path runDir;
    // True for the desktop mode (one session, Chromium stops with it); false when an assistant
    // starts task after task over MCP in the same Chromium, each in a fresh in-memory context.
    private final boolean oneSession;
    private volatile Path sessionDir;
    private HumanSession signedIn;
    private boolean signalsHandled;
    private final ChaperoneConfig config;
    private final Optional<ConfigException> configProblem;
    private final Policy policy;
    private final Optional<String> policyProblem;
    private final SessionViewModel viewModel = new SessionViewModel();
    private final DesktopApprovalPrompt prompt = new DesktopApprovalPrompt(this::pageSensitivity);
    private final CompletableFuture<Void> quit = new CompletableFuture<>();
    // Null when the engine was refused (it cannot be contained here, or is older than IT allows):
    // the window then says why and no session runs.
    private final BrowserRuntime runtime;
    private final Optional<String> engineProblem;
    private BrowserView browserView;
    private MainWindow window;
    private EmbeddedServices services;
    private volatile SessionSupervisor supervisor;
    private volatile LeavingWatch leavingWatch;
    private volatile RunningSession running;
    // Quitting while a session starts (the person may be signing in for minutes) must stop that
    // start and wait for it, or a session could begin after the app ended. Guarded by this.
    private boolean quitting;
    private Thread starter;
    private CompletableFuture<Void> startFinished = CompletableFuture.completedFuture(null);

    private DesktopApp(AppOptions options, boolean oneSession) throws IOException, BrowserStartException {
        this.options = options;
        this.oneSession = oneSession;
        AppPaths paths = options.paths();
        // Owner-only, and anything an older version or a copy left readable to others is tightened now;
        // except the assistant's key: others may have copied it, so its store refuses it and says how to go on.
        List<PrivateFiles.Repair> madePrivate = PrivateFiles.secureTree(paths.dataDir(),
                path -> path.equals(paths.assistantKey().toAbsolutePath()));
        ChaperoneConfig loaded;
        Optional<ConfigException> problem = Optional.empty();
        try {
            loaded = ConfigLoader.load(options.machineConfig(), paths.userConfig());
        } catch (ConfigException e) {
            loaded = ChaperoneConfig.embedded();
            problem = Optional.of(e);
        }
        this.config = loaded;
        this.configProblem = problem;
        this.auditLog = openAudit(paths.auditLog());
        this.audit = AuditTrail.forWorkstation(auditLog);
        problem.ifPresentOrElse(e -> audit.recordOrReport(new AuditEvent.ConfigurationRefused(e.getMessage())),
                () -> audit.recordOrReport(new AuditEvent.ConfigurationLoaded(config.isEmbedded() ? "embedded" : "broker",
                        config.broker().map(b -> b.issuer().toString()).orElse("embedded"))));
        if (!madePrivate.isEmpty()) {
            LOG.warn("Other users could read these, so they were made private: {}", madePrivate);
            audit.recordOrReport(new AuditEvent.FilesMadePrivate(madePrivate.stream().map(PrivateFiles.Repair::toString).toList()));
            // Before the window exists (JavaFX starts later), so set directly: the window shows it when it opens.
            viewModel.showNotice("Chaperone's files could be read by other users of this computer; "
                    + "they are private again (" + madePrivate.size() + " fixed).");
        }
        Policy loadedPolicy;
        Optional<String> policyTrouble = Optional.empty();
        try {
            CedarPolicy cedar = PolicyLoader.load(Optional.of(options.machineConfig().resolveSibling(PolicyLoader.FILE_NAME)),
                    Optional.of(paths.configDir().resolve(PolicyLoader.FILE_NAME)), new Sensitivity(config.dataSensitivity()));
            // The live desk (a lock seen, idle seconds) reaches every decision's context once leaving is watched.
            loadedPolicy = cedar.withEnvironment(this::desk);
            audit.recordOrReport(new AuditEvent.PolicyLoaded("cedar", cedar.source().source()));
        } catch (PolicyException e) {
            // No session runs under a policy nobody can read: the window and the audit say why.
            loadedPolicy = (action, task) -> dev.chaperone.core.gate.Decision.deny(dev.chaperone.core.gate.DecidedBy.POLICY,
                    dev.chaperone.core.gate.ReasonCode.SAFETY_CHECK_FAILED, e.getMessage());
            policyTrouble = Optional.of(e.getMessage());
            audit.recordOrReport(new AuditEvent.ConfigurationRefused(e.getMessage()));
        }
        this.policy = loadedPolicy;
        this.policyProblem = policyTrouble;
        this.runDir = paths.sessionsDir().resolve("run-" + UUID.randomUUID());
        this.sessionDir = paths.sessionsDir().resolve(UUID.randomUUID().toString());
        revokeLeftoverTokens();
        for (ProfileWiper.WipeResult leftover : ProfileWiper.sweepLeftovers(paths.sessionsDir(), runDir)) {
            audit.recordOrReport(new AuditEvent.LeftoversWiped(leftover.dir().toString(), leftover.files()));
        }
        BrowserRuntime started = null;
        Optional<String> engineTrouble = Optional.empty();
        try {
            started = BrowserRuntime.start(paths.jcefInstallDir(), runDir.resolve("chromium"), EngineChoice.settings(config));
            if (!started.containment().contained()) {
                LOG.warn("The assistant's browser runs without a sandbox: {}", started.containment().detail());
                viewModel.showEngineUncontained();
            }
        } catch (dev.chaperone.browser.EngineRefusedException e) {
            LOG.error("No session runs: {}", e.getMessage());
            engineTrouble = Optional.of(e.getMessage());
            audit.recordOrReport(new AuditEvent.ConfigurationRefused(e.getMessage()));
        }
        this.runtime = started;
        this.engineProblem = engineTrouble;
    }

    /**
     * A file that cannot be opened (damaged, unreadable, locked) leaves the app running to say so,
     * with a stand-in that refuses every entry: no session can start without its audit.
     */
    private AuditLog openAudit(Path file) {
        try {
            SqliteAuditLog store = SqliteAuditLog.open(file, SqliteAuditLog.Settings.defaults()
                    .withRetention(AuditForwarding.retention(config.audit())));
            store.onFailure(failure -> {
                LOG.error("The audit log failed; ending the session: {}", failure.getMessage());
                Platform.runLater(() -> viewModel.showNotice(failure.getMessage()));
                if (supervisor != null) {
                    supervisor.end(EndReason.AUDIT_UNAVAILABLE);
                }
            });
            try {
                forwarders.addAll(AuditForwarding.start(file, config.audit(), Version.CURRENT));
            } catch (IOException | java.security.GeneralSecurityException e) {
                // The file keeps every row; forwarding catches up once IT fixes the setting.
                LOG.error("Audit forwarding is not running: {}", e.getMessage());
                // The window is not up yet; the view model shows this once it is.
                viewModel.showNotice("Audit forwarding is not running: " + e.getMessage());
            }
            return store;
        } catch (AuditStoreException e) {
            LOG.error("The audit log cannot be opened: {}", e.getMessage());
            return new UnopenedAuditLog(e);
        }
    }

    /** Before anything else: what a killed session left live at the configured broker is revoked. */
    private void revokeLeftoverTokens() {
        config.broker().ifPresent(broker -> {
            try {
                LeftoverTokens.revoke(options.paths().sessionsDir(), ConfiguredMode.brokerSettings(broker),
                        new AssistantIdentity(broker.assistantClientId(), "Assistant"),
                        ConfiguredMode.assistantKey(broker, options.paths()), audit);
            } catch (IOException e) {
                LOG.warn("Leftover tokens could not be revoked; they expire on their own: {}", e.getMessage());
            }
        });
    }

    /** Starts Chromium, then JavaFX, shows the window and starts the session. Returns once it runs or was refused. */
    public static DesktopApp launch(AppOptions options) throws Exception {
        DesktopApp app = open(options);
        app.startSession();
        return app;
    }

    /**
     * Starts Chromium, then JavaFX, and shows the window, without a session yet. A session then
     * starts with {@link #startSession()}, which may wait for the person to sign in.
     */
    public static DesktopApp open(AppOptions options) throws Exception {
        DesktopApp app = new DesktopApp(options, true);
        app.startUi();
        return app;
    }

    /**
     * Opens the window for an assistant that starts tasks over MCP: no session yet; each task runs
     * in a fresh context of the same Chromium, which stops when the app quits.
     */
    public static DesktopApp openForTasks(AppOptions options) throws Exception {
        DesktopApp app = new DesktopApp(options, false);
        app.startUi();
        Platform.runLater(app.viewModel::showWaitingForTask);
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

    /**
     * Starts the session (signing the person in first when a broker is configured), or shows in
     * the window why it could not start. Never leaves a half-started session. Returns when the
     * session runs or was refused.
     */
    public void startSession() {
        startSessionFor(Optional.empty());
    }

    /**
     * Starts a session for the task an assistant asked for (after the person allowed it).
     * Returns the reason when it could not start; empty when it runs.
     */
    public Optional<String> startTask(TaskChoice choice) {
        return startSessionFor(Optional.of(choice));
    }

    private Optional<String> startSessionFor(Optional<TaskChoice> choice) {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        synchronized (this) {
            if (quitting) {
                return Optional.of("Chaperone is closing.");
            }
            if (starter != null || (running != null && running.session().isActive())) {
                return Optional.of("A task is already running or starting; end it first.");
            }
            starter = Thread.currentThread();
            startFinished = finished;
        }
        try {
            return startSessionHere(choice);
        } finally {
            synchronized (this) {
                starter = null;
            }
            finished.complete(null);
        }
    }

    private Optional<String> startSessionHere(Optional<TaskChoice> choice) {
        if (supervisor == null) {
            supervisor = new SessionSupervisor(new SessionSupervisor.Environment(runtime, runDir, oneSession, auditLog,
                    policy, prompt, promptTimeout(), options.paths().downloadsDir(), browserView, new WindowNotices(),
                    expiresAt -> Platform.runLater(() -> viewModel.tokenRenewed(expiresAt))));
        }
        sessionDir = options.paths().sessionsDir().resolve(UUID.randomUUID().toString());
        SessionSupervisor.Outcome outcome;
        try {
            SessionPlan plan = plan(choice);
            // Once there is something to start and before it starts, so leaving while a session
            // starts already counts (a start refused for its configuration watches nothing).
            if (leavingWatch == null) {
                startLeavingWatch();
            }
            leavingWatch.sessionStarting();
            outcome = supervisor.start(plan, sessionDir.getFileName().toString(), sessionDir).join();
        } catch (IOException | TokenBrokerException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            refuseWithoutSession(reason);
            return Optional.of(reason);
        } catch (InterruptedException e) {
            // Quitting interrupted the sign-in. Clean up first (stopping Chromium waits, which a
            // still-set interrupt would cut short), then keep the interrupt for the caller.
            refuseWithoutSession("Chaperone was closed before you signed in.");
            Thread.currentThread().interrupt();
            return Optional.of("Chaperone was closed before you signed in.");
        }
        if (outcome instanceof SessionSupervisor.Refused refused) {
            Platform.runLater(() -> viewModel.showRefused(refused.reason()));
            return Optional.of(refused.reason());
        }
        RunningSession started = ((SessionSupervisor.Started) outcome).session();
        running = started;
        if (!signalsHandled) {
            endOnTerminationSignals();
            signalsHandled = true;
        }
        browserView.attach(started.browser());
        Platform.runLater(() -> viewModel.showStarted(started.session().attribution(), started.scopes(),
                started.tokenExpiresAt()));
        viewModel.watchPending(started.pending());
        leavingWatch.watch(started);
        started.session().whenEnded().thenAccept(report -> {
            browserView.detach();
            Platform.runLater(() -> {
                viewModel.showEnded(report);
                if (!oneSession) {
                    viewModel.offerNextTask();
                }
            });
        });
        return Optional.empty();
    }

    public Duration promptTimeout() {
        return options.promptTimeout().orElse(config.promptTimeout());
    }

    /** The sites a task may be on: the configured catalogue, or the embedded demo portal. */
    public List<TaskTarget> targets() throws IOException {
        if (config.isEmbedded()) {
            return embeddedServices().catalogue();
        }
        return config.targets();
    }

    /** Demo mode only: lets the benchmark's own site be read in the demo task (see {@link EmbeddedServices#addReadOnlySite}). */
    public void addDemoReadOnlySite(dev.chaperone.core.identity.Origin origin) throws IOException {
        if (!config.isEmbedded()) {
            throw new IllegalStateException("only the demo target can be given extra sites; IT lists a configured target's");
        }
        embeddedServices().addReadOnlySite(origin);
    }

    private synchronized EmbeddedServices embeddedServices() throws IOException {
        if (services == null) {
            services = EmbeddedServices.start();
        }
        return services;
    }

    /** Who and what the session is for: the embedded demo, or the configured broker after the person signs in. */
    private SessionPlan plan(Optional<TaskChoice> choice) throws IOException, TokenBrokerException, InterruptedException {
        SessionPlan plan = plan();
        if (choice.isEmpty()) {
            return plan;
        }
        TaskTarget target = targets().stream().filter(t -> t.id().equals(choice.get().targetId())).findFirst()
                .orElseThrow(() -> new IOException("There is no site called \"" + choice.get().targetId() + "\"."));
        Task task = target.task("task-" + UUID.randomUUID().toString().substring(0, 8), choice.get().title(target),
                choice.get().writeScopes());
        return plan.forTask(choice.get().timeLimit().map(limit -> task.until(Instant.now().plus(limit))).orElse(task),
                choice.get().intent());
    }

    private SessionPlan plan() throws IOException, TokenBrokerException, InterruptedException {
        if (auditLog instanceof UnopenedAuditLog unopened) {
            throw new IOException("No session runs: the assistant never acts unrecorded. " + unopened.reason().getMessage());
        }
        if (configProblem.isPresent()) {
            throw new IOException("Chaperone's configuration has a problem, so no session runs. "
                    + configProblem.get().getMessage());
        }
        if (policyProblem.isPresent()) {
            throw new IOException("Chaperone's policy has a problem, so no session runs. " + policyProblem.get());
        }
        if (engineProblem.isPresent()) {
            throw new IOException(engineProblem.get());
        }
        if (config.isEmbedded()) {
            return embeddedServices().plan(AssistantKeyStore.loadOrCreate(options.paths().assistantKey()));
        }
        ChaperoneConfig.Broker broker = config.broker().orElseThrow();
        JWK key = ConfiguredMode.assistantKey(broker, options.paths());
        if (signedIn == null) {
            // Signed in once per run: later tasks act for the same person while their session at the broker lives.
            signedIn = ConfiguredMode.signIn(config, new WindowSignInPrompt());
            audit.recordOrReport(new AuditEvent.HumanSignedIn(signedIn.human().subject(), signedIn.human().displayName(),
                    broker.issuer().toString(), config.signIn().orElseThrow().method().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return ConfiguredMode.plan(config, signedIn, key);
    }

    /**
     * Nothing was obtained yet (no configuration, no sign-in), so there is no session to end: the
     * unused folder is wiped (and in the desktop mode Chromium stopped), audited.
     */
    private void refuseWithoutSession(String reason) {
        audit.recordOrReport(new AuditEvent.SessionRefused(reason));
        Platform.runLater(() -> viewModel.showRefused(reason));
        try {
            // In the desktop mode Chromium stops with the refused session, and its folder goes too.
            if (oneSession && runtime != null) {
                runtime.shutdown();
            }
            ProfileWiper.WipeResult wiped = ProfileWiper.wipe(sessionDir);
            ProfileWiper.WipeResult root = oneSession ? ProfileWiper.wipe(runDir) : new ProfileWiper.WipeResult(runDir, 0, 0);
            audit.recordOrReport(new AuditEvent.ProfileWiped(wiped.dir() + (oneSession ? " and " + root.dir() : ""),
                    wiped.files() + root.files(), wiped.bytes() + root.bytes()));
        } catch (BrowserStartException | IOException e) {
            LOG.warn("Could not stop Chromium or wipe {}: {}", sessionDir, e.getMessage());
        }
    }

    /** Stops Chromium and wipes its root folder; nothing of any session stays on disk. */
    private void stopChromium() {
        if (runtime == null) {
            return;
        }
        try {
            runtime.shutdown();
            ProfileWiper.WipeResult wiped = ProfileWiper.wipe(runDir);
            if (wiped.files() > 0) {
                audit.recordOrReport(new AuditEvent.ProfileWiped(wiped.dir().toString(), wiped.files(), wiped.bytes()));
            }
        } catch (BrowserStartException | IOException e) {
            LOG.warn("Could not stop Chromium or wipe {}: {}", runDir, e.getMessage());
        }
    }

    /**
     * Logout and shutdown send SIGTERM (and a closed terminal SIGHUP). Chromium, living in this
     * process, installs its own handlers that exit at once, so JVM shutdown hooks never run; the
     * handlers are taken back here, after Chromium started, to end the session the same ordered
     * way (revoke first) before exiting.
     */
    private void endOnTerminationSignals() {
        for (String name : new String[]{"TERM", "HUP", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    Thread ender = new Thread(() -> {
                        supervisor.end(EndReason.APP_QUIT).join();
                        stopChromium();
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }, "chaperone-end-on-" + name);
                    ender.start();
                });
            } catch (IllegalArgumentException unsupported) {
                // Not on this platform; the next start sweeps leftovers and tokens expire within minutes.
            }
        }
    }

    /**
     * Watches for the person leaving (lock, screen saver, user switch, sleep, logout, idle) from
     * the first session on; the window says what cannot be watched.
     */
    private void startLeavingWatch() {
        Presence presence = Presence.forThisPlatform(new Presence.Settings(options.dbusSystemBus(), options.dbusSessionBus(),
                idleTimeout(), Presence.Settings.CHECK_EVERY));
        leavingWatch = new LeavingWatch(presence, DesktopNotifier.forThisPlatform(options.dbusSessionBus()), () -> supervisor, audit, new LeavingWatch.Window() {
            @Override
            public void idleWarning(Duration left) {
                Platform.runLater(() -> viewModel.showIdleWarning(left));
            }

            @Override
            public void idleBack() {
                Platform.runLater(viewModel::clearIdleWarning);
            }

            @Override
            public void lockNotWatched(Duration idleTimeout, List<String> unavailable) {
                Platform.runLater(() -> viewModel.showLockNotWatched(idleTimeout, unavailable));
            }
        });
        leavingWatch.start();
    }

    private CedarPolicy.Environment desk() {
        LeavingWatch watch = leavingWatch;
        if (watch == null) {
            return CedarPolicy.Environment.UNKNOWN;
        }
        Presence.Desk desk = watch.desk();
        return new CedarPolicy.Environment(desk.locked(), desk.idle().toSeconds(), pageSensitivity());
    }

    /** The shown page's own word for its data's sensitivity, while a session runs and the page gave one. */
    private Optional<String> pageSensitivity() {
        return session().flatMap(running -> running.browser().pageSensitivity());
    }

    public Duration idleTimeout() {
        return options.idleTimeout().orElse(config.idleTimeout());
    }

    /** Ends the session through the supervisor; the window updates when it is done. */
    public CompletableFuture<Optional<TeardownReport>> endAsync(EndReason reason) {
        return supervisor.end(reason);
    }

    /** Ends the session if one runs, stops everything and exits JavaFX. */
    public CompletableFuture<Void> quitAsync() {
        CompletableFuture.runAsync(() -> {
            try {
                Thread starting;
                CompletableFuture<Void> finishing;
                synchronized (this) {
                    quitting = true;
                    starting = starter;
                    finishing = startFinished;
                }
                if (starting != null) {
                    starting.interrupt();
                }
                finishing.join();
                if (running != null) {
                    supervisor.end(EndReason.APP_QUIT).join();
                }
                stopChromium();
            } finally {
                if (leavingWatch != null) {
                    leavingWatch.close();
                }
                if (services != null) {
                    services.close();
                }
                if (supervisor != null) {
                    supervisor.close();
                }
                if (auditLog instanceof SqliteAuditLog store) {
                    store.close();
                }
                forwarders.forEach(dev.chaperone.audit.export.AuditForwarder::close);
                Platform.exit();
                quit.complete(null);
            }
        });
        return quit;
    }

    public CompletableFuture<Void> whenQuit() {
        return quit;
    }

    public SessionViewModel viewModel() {
        return viewModel;
    }

    /** The audit for events outside any session, such as an assistant asking for a task. */
    public AuditTrail workstationAudit() {
        return audit;
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

    /** Shows the person how to sign in: the device code in the window, or their own browser opened. */
    private final class WindowSignInPrompt implements SignInPrompt {
        @Override
        public void showDeviceCode(URI verificationUri, URI verificationUriComplete, String userCode, Duration expiresIn) {
            Platform.runLater(() -> viewModel.showSignIn(verificationUri, verificationUriComplete, userCode));
        }

        @Override
        public void openBrowser(URI authorizationRequest) {
            Platform.runLater(() -> viewModel.showNotice("Sign in in your browser to continue."));
            try {
                new ProcessBuilder("xdg-open", authorizationRequest.toString()).inheritIO().start();
            } catch (IOException e) {
                Platform.runLater(() -> viewModel.showNotice("Open this address to sign in: " + authorizationRequest));
            }
        }

        @Override
        public void done() {
            Platform.runLater(viewModel::clearSignIn);
        }
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
