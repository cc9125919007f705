package dev.chaperone.app;

import dev.chaperone.app.cli.AuditCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * The {@code chaperone} launcher. With no arguments it opens the desktop app; subcommands are for
 * IT and security teams. Not a JavaFX Application subclass: the app runs on the class path (JCEF
 * needs a class in its own package), where such a main class would not start.
 */
@Command(name = "chaperone", mixinStandardHelpOptions = true, versionProvider = dev.chaperone.app.cli.VersionText.class,
        description = "Gives an AI assistant its own supervised browser.",
        subcommands = {AuditCommand.class, dev.chaperone.app.cli.BenchCommand.class,
                dev.chaperone.app.cli.ConfigCommand.class, dev.chaperone.app.cli.DoctorCommand.class,
                dev.chaperone.app.cli.IdentityCommand.class,
                dev.chaperone.app.cli.McpCommand.class, dev.chaperone.app.cli.PolicyCommand.class,
                dev.chaperone.app.cli.UninstallCommand.class})
public final class Main implements Callable<Integer> {
    public static void main(String[] args) {
        // Exit explicitly: Chromium's and JavaFX's threads would otherwise keep the JVM alive.
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DesktopApp app;
        try {
            app = DesktopApp.launch(AppOptions.defaults());
        } catch (dev.chaperone.browser.BrowserStartException e) {
            System.err.println("chaperone: " + e.getMessage());
            return 2;
        }
        app.whenQuit().join();
        return 0;
    }
}
