package dev.chaperone.browser;

import dev.chaperone.browser.engine.Availability;
import dev.chaperone.browser.engine.ChildLauncher;
import dev.chaperone.browser.engine.ChromiumSandboxSwitch;
import dev.chaperone.browser.engine.Containment;
import dev.chaperone.browser.engine.EngineAdmission;
import dev.chaperone.browser.engine.EngineCheck;
import dev.chaperone.browser.engine.EngineSettings;
import dev.chaperone.browser.engine.EngineVersion;
import dev.chaperone.core.files.PrivateFiles;
import me.friwi.jcefmaven.CefAppBuilder;
import me.friwi.jcefmaven.MavenCefAppHandlerAdapter;
import org.cef.CefApp;
import org.cef.CefClient;
import org.cef.CefSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Chromium for one assistant session. Chromium cannot be started twice in one process, so a
 * runtime belongs to one session: its profile directory is that session's, and ending the session
 * shuts Chromium down so the whole profile can be wiped.
 */
public final class BrowserRuntime {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Chromium's start-up switches, besides the egress guard's. */
    private static final List<String> SWITCHES = List.of(
            "--disable-gpu", "--disable-gpu-compositing", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync",
            "--password-store=basic", "--mute-audio", "--disable-extensions",
            // The assistant's browser speaks only to the task's sites. Without these, Chromium
            // reached for Google on every page (a preconnect to its search engine, network time,
            // hyperlink pings, reliability reports): the egress guard refused each one, but each
            // still cost a connection, a gate decision and a refusal record.
            "--no-pings", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
            "--disable-features=SearchEnginePreconnector,SearchEnginePreconnect2,NetworkTimeServiceQuerying,"
                    + "OptimizationHints,CertificateTransparencyComponentUpdater,AutofillServerCommunication,"
                    + "PreconnectToSearch,Translate,MediaRouter,DialMediaRouteProvider,LensOverlay,"
                    // No renderer kept warm for a next site: 22 MB for a navigation the assistant rarely makes.
                    + "SpareRendererForSitePerProcess",
            // Input that reaches a new page before its first paint is kept, not dropped, so a tool's
            // click right after a fast load needs no wait for that paint (Playwright does the same).
            "--allow-pre-commit-input",
            // A minimised window must not slow the assistant's page: no throttled timers, no backgrounding.
            "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
            // Device APIs the assistant never needs are not there for a page to try: USB, HID, serial
            // ports, Bluetooth (measured: without this, navigator.usb, .hid and .serial exist).
            // navigator.gpu stays, but with --disable-gpu it finds no adapter.
            "--disable-blink-features=WebUSB,WebHID,Serial,WebBluetooth",
            // One process per site, stated rather than left to Chromium's default.
            "--site-per-process");

    private final CefApp app;
    private final EngineVersion engine;
    private final Containment containment;
    private final EgressProxy egress;
    private final MessagePumpNudge nudge;
    private final Path profileDir;
    private final CompletableFuture<Void> initialized;
    private final CompletableFuture<Void> terminated;

    private BrowserRuntime(CefApp app, EngineVersion engine, Containment containment, EgressProxy egress,
                           MessagePumpNudge nudge, Path profileDir,
                           CompletableFuture<Void> initialized, CompletableFuture<Void> terminated) {
        this.app = app;
        this.engine = engine;
        this.containment = containment;
        this.egress = egress;
        this.nudge = nudge;
        this.profileDir = profileDir;
        this.initialized = initialized;
        this.terminated = terminated;
    }

    /**
     * Starts Chromium and waits until it is fully initialised. Must run before JavaFX starts:
     * a JavaFX window created first gets no real X input.
     *
     * @param installDir where the natives from the bundled jar are unpacked (a cache; nothing is downloaded)
     * @param profileDir the session's own Chromium profile root, never an existing browser's
     */
    public static BrowserRuntime start(Path installDir, Path profileDir) throws BrowserStartException {
        return start(installDir, profileDir, EngineSettings.DEFAULTS);
    }

    /**
     * Under IT's word on the engine. Refuses (with {@link EngineRefusedException}) an engine that
     * cannot be contained here, unless IT allows that, or that is older than IT allows.
     */
    public static BrowserRuntime start(Path installDir, Path profileDir, EngineSettings engine) throws BrowserStartException {
        return start(installDir, profileDir, true, List.of(), engine);
    }

    /**
     * Without the egress guard only for {@code PageLoadBench}, which measures what the guard costs;
     * package-private, so no product code can start an unguarded Chromium.
     */
    static BrowserRuntime start(Path installDir, Path profileDir, boolean egressGuard) throws BrowserStartException {
        return start(installDir, profileDir, egressGuard, List.of(), EngineSettings.DEFAULTS);
    }

    /**
     * With switches of a test's own (such as trusting a test's certificate); package-private, so
     * no product code can start a Chromium with more than {@link #SWITCHES}.
     */
    static BrowserRuntime start(Path installDir, Path profileDir, boolean egressGuard, List<String> testSwitches)
            throws BrowserStartException {
        return start(installDir, profileDir, egressGuard, testSwitches, EngineSettings.DEFAULTS);
    }

    private static BrowserRuntime start(Path installDir, Path profileDir, boolean egressGuard, List<String> testSwitches,
                                        EngineSettings engineSettings) throws BrowserStartException {
        EngineCheck check = EngineCheck.now(engineSettings);
        if (check.admission() instanceof EngineAdmission.Refused refused) {
            throw new EngineRefusedException(refused.reason());
        }
        return start(installDir, profileDir, egressGuard, testSwitches, engineSettings, check.engine(), check.available(),
                ((EngineAdmission.Admitted) check.admission()).containment());
    }

    /**
     * Uncontained, for {@code PageLoadBench} alone, which measures what containment costs;
     * package-private, so product code reaches an uncontained engine only through IT's setting.
     */
    static BrowserRuntime startUncontainedForBench(Path installDir, Path profileDir, EngineSettings engineSettings)
            throws BrowserStartException {
        return start(installDir, profileDir, true, List.of(), engineSettings, EngineVersion.bundled(),
                new Availability(false, false, "(a benchmark)", "", "(a benchmark)"),
                new Containment(false, List.of(), "not contained: PageLoadBench measures what containment costs"));
    }

    private static BrowserRuntime start(Path installDir, Path profileDir, boolean egressGuard, List<String> testSwitches,
                                        EngineSettings engineSettings, EngineVersion engine, Availability available,
                                        Containment admitted) throws BrowserStartException {
        Containment containment = admitted;
        CompletableFuture<Void> initialized = new CompletableFuture<>();
        CompletableFuture<Void> terminated = new CompletableFuture<>();
        EgressProxy egress = null;
        MessagePumpNudge nudge = new MessagePumpNudge(() -> {
            if (CefApp.getState() != CefApp.CefAppState.TERMINATED) {
                CefApp.getInstance().doMessageLoopWork(0);
            }
        });
        try {
            egress = EgressProxy.start();
            PrivateFiles.directory(profileDir);
            CefAppBuilder builder = new CefAppBuilder();
            builder.setInstallDir(installDir.toFile());
            // An installed package ships Chromium unpacked in a folder the user cannot write: use it as it is.
            builder.setSkipInstallation(java.nio.file.Files.exists(installDir.resolve("install.lock"))
                    && !java.nio.file.Files.isWritable(installDir));
            builder.setMirrors(List.of());
            CefSettings settings = builder.getCefSettings();
            settings.windowless_rendering_enabled = true;
            settings.root_cache_path = profileDir.toAbsolutePath().toString();
            settings.cache_path = "";
            settings.persist_session_cookies = false;
            settings.log_severity = CefSettings.LogSeverity.LOGSEVERITY_DISABLE;
            settings.locale = "en-US";
            Path launcherDir = profileDir.toAbsolutePath().resolveSibling(profileDir.getFileName() + "-engine");
            if (containment.contained()) {
                // Every child Chromium starts goes through this launcher, which puts it in its sandbox.
                settings.browser_subprocess_path = ChildLauncher.write(launcherDir, installDir, profileDir, available).toString();
            }
            if (engineSettings.jitless()) {
                settings.javascript_flags = "--jitless";
            }
            builder.addJcefArgs(SWITCHES.toArray(String[]::new));
            builder.addJcefArgs(testSwitches.toArray(String[]::new));
            // Every connection Chromium opens goes through the egress guard, whatever asked for it.
            if (egressGuard) {
                builder.addJcefArgs(egress.chromiumSwitches().toArray(String[]::new));
            }
            // Without this, Chrome's own login prompt takes the proxy's challenge and CEF never asks
            // the browser's handler for the pass (CEF issue 3603).
            builder.addJcefArgs("--disable-chrome-login-prompt");
            builder.setAppHandler(new MavenCefAppHandlerAdapter() {
                @Override
                public void onScheduleMessagePumpWork(long delay) {
                    nudge.workRequested(delay);
                    super.onScheduleMessagePumpWork(delay);
                }

                @Override
                public void stateHasChanged(CefApp.CefAppState state) {
                    switch (state) {
                        case INITIALIZED -> initialized.complete(null);
                        case INITIALIZATION_FAILED -> initialized.completeExceptionally(
                                new BrowserStartException("Chromium failed to initialise"));
                        case TERMINATED -> terminated.complete(null);
                        default -> {
                        }
                    }
                }
            });
            CefApp app = builder.build();
            if (available.chromiumSandbox() && !ChromiumSandboxSwitch.install()) {
                // Chromium keeps --no-sandbox, so every child goes into bubblewrap, and the record says so.
                Availability osOnly = new Availability(true, false, "", "",
                        "JCEF's app handler could not be reached to take --no-sandbox off");
                ChildLauncher.write(launcherDir, installDir, profileDir, osOnly);
                containment = Containment.of(osOnly);
            }
            // build() only pre-initialises; the first client triggers the real start.
            CefClient warmUp = app.createClient();
            initialized.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            warmUp.dispose();
            return new BrowserRuntime(app, engine, containment, egress, nudge, profileDir, initialized, terminated);
        } catch (Exception e) {
            nudge.close();
            if (egress != null) {
                egress.close();
            }
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new BrowserStartException("The assistant's browser could not start: " + cause, cause);
        }
    }

    /** The egress guard all of this Chromium's connections pass; browsers are admitted to it one by one. */
    EgressProxy egress() {
        return egress;
    }

    /** Which Chromium this is and when it was released. */
    public EngineVersion engine() {
        return engine;
    }

    /** How its children are held. */
    public Containment containment() {
        return containment;
    }

    public CefClient newClient() {
        return app.createClient();
    }

    public Path profileDir() {
        return profileDir;
    }

    /** Shuts Chromium down and waits until it has let go of the profile. */
    public void shutdown() throws BrowserStartException {
        if (terminated.isDone()) {
            return;
        }
        egress.close();
        nudge.close();
        // On the AWT event thread, where JCEF delivers onBeforeClose: CefApp.dispose takes the app's
        // lock and then each client's browser map, while a late onBeforeClose (a browser whose page
        // crashed closes late) takes them the other way round. From any other thread the two
        // deadlock (seen in CI after a renderer crash); on this one they simply run in turn.
        if (javax.swing.SwingUtilities.isEventDispatchThread()) {
            // Termination is reported on this thread too: waiting here would never end.
            app.dispose();
            return;
        }
        javax.swing.SwingUtilities.invokeLater(app::dispose);
        try {
            terminated.get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new BrowserStartException("Chromium did not shut down in " + STOP_TIMEOUT.toSeconds() + " s", e);
        }
    }

    public boolean isTerminated() {
        return terminated.isDone();
    }
}
