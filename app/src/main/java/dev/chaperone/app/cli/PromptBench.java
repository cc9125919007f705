package dev.chaperone.app.cli;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.session.RunningSession;
import dev.chaperone.app.ui.ApprovalPromptViewModel;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.core.browser.AssistantBrowser;
import dev.chaperone.core.browser.BrowserActionException;
import dev.chaperone.core.gate.Initiator;
import javafx.application.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code chaperone bench prompt}: from an assistant's click on a risky element to Chaperone's
 * prompt on screen, in the real app on its embedded defaults. Each round the bench answers Deny
 * itself, so nothing happens on the portal. Needs a display.
 */
@Command(name = "prompt", mixinStandardHelpOptions = true, description = "Time from an assistant's risky click to the prompt on screen (prints figures).")
public final class PromptBench implements Callable<Integer> {
    private static final Initiator TOOL = Initiator.tool("chaperone-bench", "browser_click");

    @Option(names = "--iterations", description = "Rounds to measure (default: ${DEFAULT-VALUE}).")
    int iterations = 50;

    @Override
    public Integer call() throws Exception {
        Path root = Files.createTempDirectory("chaperone-bench-prompt");
        AppPaths paths = BenchCommand.benchPaths(root);
        DesktopApp app = DesktopApp.launch(new AppOptions(paths, Optional.of(Duration.ofSeconds(30)), Optional.empty(),
                root.resolve("no-machine-config.json")));
        try {
            RunningSession session = app.session().orElseThrow(() -> new IllegalStateException("no session started"));
            AssistantBrowser tools = session.tools();
            String portal = session.session().attribution().task().allowedOrigin() + "/";
            AtomicLong shownAt = new AtomicLong();
            CompletableFuture<Void> watching = new CompletableFuture<>();
            Platform.runLater(() -> {
                app.prompt().showingProperty().addListener((obs, old, now) -> {
                    if (now != null) {
                        shownAt.compareAndSet(0, System.nanoTime());
                    }
                });
                watching.complete(null);
            });
            watching.get(10, TimeUnit.SECONDS);
            long[] nanos = new long[iterations];
            String[] lastAnswer = {""};
            for (int i = -3; i < iterations; i++) {
                String export = McpBench.ref(tools.navigate(TOOL, portal).snapshot(), "link \"Export CSV\"");
                shownAt.set(0);
                long clicked = System.nanoTime();
                CompletableFuture<Void> click = CompletableFuture.runAsync(() -> {
                    try {
                        tools.click(TOOL, export, "Export CSV");
                    } catch (BrowserActionException denied) {
                        // The bench denies each prompt itself.
                        lastAnswer[0] = denied.getMessage();
                    }
                });
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (shownAt.get() == 0 && System.nanoTime() < until) {
                    Thread.sleep(0, 100_000);
                }
                if (shownAt.get() == 0) {
                    throw new IllegalStateException("no prompt within 20 s; the click answered: " + lastAnswer[0]);
                }
                if (i >= 0) {
                    nanos[i] = shownAt.get() - clicked;
                }
                Platform.runLater(() -> Optional.ofNullable(app.prompt().showingProperty().get())
                        .ifPresent(ApprovalPromptViewModel::deny));
                click.get(30, TimeUnit.SECONDS);
            }
            BenchCommand.reportMillis("assistant's risky click -> prompt window shown", nanos);
            return 0;
        } finally {
            app.quitAsync().get(60, TimeUnit.SECONDS);
            ProfileWiper.wipe(root);
        }
    }
}
