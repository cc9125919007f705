package dev.chaperone.app.cli;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.session.RunningSession;
import dev.chaperone.app.session.TaskChoice;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.core.session.TeardownReport;
import dev.chaperone.lifecycle.linux.LogindSignals;
import dev.chaperone.lifecycle.linux.PrivateDBus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code chaperone bench leave}: the real app on its embedded defaults, one task after another in
 * one Chromium; for each, logind's {@code LockedHint=true} is sent on a private system bus (never
 * the machine's) and the bench times the signal to actions refused, to each ending step, and to
 * the whole end. Then idle rounds on the X server (needs a display and xdotool): the delay from
 * the idle timeout to the end.
 */
@Command(name = "leave", mixinStandardHelpOptions = true,
        description = "Time from a lock signal to every ending step done, and the idle detection delay (prints figures).")
public final class LeaveBench implements Callable<Integer> {
    private static final Duration IDLE = Duration.ofSeconds(4);

    @Option(names = "--sessions", description = "Sessions to start and end by a lock (default: ${DEFAULT-VALUE}).")
    int sessions = 50;

    @Option(names = "--idle-rounds", description = "Sessions to end by idling on the X server; 0 skips (default: ${DEFAULT-VALUE}).")
    int idleRounds = 5;

    @Override
    public Integer call() throws Exception {
        Path root = Files.createTempDirectory("chaperone-bench-leave");
        AppPaths paths = BenchCommand.benchPaths(root);
        String session = Optional.ofNullable(System.getenv("XDG_SESSION_ID")).orElse("2");
        try (PrivateDBus system = PrivateDBus.start(); LogindSignals logind = LogindSignals.on(system.address())) {
            DesktopApp app = DesktopApp.openForTasks(new AppOptions(paths, Optional.of(Duration.ofSeconds(30)),
                    Optional.of(system.address()), root.resolve("no-machine-config.json"))
                    .withDesktop("unix:path=" + root.resolve("no-session-bus"), IDLE));
            try {
                long[] refused = new long[sessions];
                long[] total = new long[sessions];
                Map<String, long[]> steps = new LinkedHashMap<>();
                for (int i = -3; i < sessions; i++) {
                    RunningSession running = start(app, "Bench lock " + i);
                    long sent = System.nanoTime();
                    logind.send(LogindSignals.Kind.LOCKED_HINT, session);
                    long until = sent + TimeUnit.SECONDS.toNanos(10);
                    while (running.session().isActive() && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    long stopped = System.nanoTime();
                    TeardownReport report = running.session().whenEnded().get(30, TimeUnit.SECONDS);
                    long ended = System.nanoTime();
                    if (!report.allSucceeded()) {
                        throw new IllegalStateException("an ending step failed: " + report);
                    }
                    if (i < 0) {
                        continue;
                    }
                    refused[i] = stopped - sent;
                    total[i] = ended - sent;
                    for (TeardownReport.StepResult step : report.steps()) {
                        steps.computeIfAbsent(step.name(), k -> new long[sessions])[i] = step.took().toNanos();
                    }
                }
                BenchCommand.reportMillis("lock signal -> assistant's actions refused", refused);
                steps.forEach((name, nanos) -> BenchCommand.reportMillis("  step: " + name, nanos));
                BenchCommand.reportMillis("lock signal -> every ending step done (audited)", total);
                if (idleRounds > 0) {
                    idle(app);
                }
            } finally {
                app.quitAsync().get(60, TimeUnit.SECONDS);
            }
        } finally {
            ProfileWiper.wipe(root);
        }
        return 0;
    }

    /** Idle rounds: the mouse moves once after the start, then nothing until the session ends. */
    private void idle(DesktopApp app) throws Exception {
        long[] delay = new long[idleRounds];
        for (int i = 0; i < idleRounds; i++) {
            RunningSession running = start(app, "Bench idle " + i);
            long lastInput = System.nanoTime();
            Process move = new ProcessBuilder("xdotool", "mousemove", String.valueOf(100 + i), "100").inheritIO().start();
            if (move.waitFor() != 0) {
                throw new IllegalStateException("xdotool failed; the idle rounds need a display and xdotool");
            }
            running.session().whenEnded().get(60, TimeUnit.SECONDS);
            delay[i] = System.nanoTime() - lastInput - IDLE.toNanos();
        }
        BenchCommand.reportMillis("idle timeout reached -> every ending step done", delay);
    }

    private static RunningSession start(DesktopApp app, String intent) {
        Optional<String> refused = app.startTask(new TaskChoice("finance-portal", Set.of(), intent));
        if (refused.isPresent()) {
            throw new IllegalStateException("the task did not start: " + refused.get());
        }
        return app.session().orElseThrow();
    }
}
