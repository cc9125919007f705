package dev.chaperone.app.cli;

import dev.chaperone.app.AppPaths;
import dev.chaperone.config.ChaperoneConfig;
import dev.chaperone.config.ConfigException;
import dev.chaperone.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code chaperone uninstall}: what the package's removal script runs (as root) before the
 * program goes. Keeps every user's audit log unless IT's managed file says
 * {@code "audit": {"removeAtUninstall": true}}; then it deletes each user's log, its archives,
 * checkpoint, forwarding cursors and signing key. A broken or missing managed file keeps them:
 * evidence is never deleted on a doubt.
 */
@Command(name = "uninstall", hidden = true, mixinStandardHelpOptions = true,
        description = "For the package's removal script: keep or remove users' audit logs as IT's configuration says.")
public final class UninstallCommand implements Callable<Integer> {
    @Option(names = "--passwd", hidden = true, description = "The account list to find home folders in (tests).")
    Path passwd = Path.of("/etc/passwd");

    @Option(names = "--machine-config", hidden = true, description = "IT's managed file (tests).")
    Path machineConfig = AppPaths.MACHINE_CONFIG_DIR.resolve("chaperone.json");

    @Override
    public Integer call() throws IOException {
        ChaperoneConfig config;
        try {
            config = ConfigLoader.load(machineConfig, Path.of("/nonexistent/user-file"));
        } catch (ConfigException e) {
            System.out.println("chaperone uninstall: IT's configuration cannot be read, so users' audit logs are kept: "
                    + e.getMessage());
            return 0;
        }
        if (!config.audit().removeAtUninstall()) {
            System.out.println("chaperone uninstall: users' audit logs are kept (IT's configuration does not ask to remove them).");
            return 0;
        }
        for (Path dataDir : dataDirs(passwd)) {
            for (Path removed : removeAuditLog(dataDir)) {
                System.out.println("chaperone uninstall: removed " + removed);
            }
        }
        return 0;
    }

    /** Each account's Chaperone data folder at the XDG default place, where one exists. */
    static List<Path> dataDirs(Path passwd) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(passwd)) {
            String[] fields = line.split(":");
            if (fields.length >= 6 && fields[5].startsWith("/")) {
                Path data = Path.of(fields[5], ".local/share/chaperone");
                if (Files.isDirectory(data) && !found.contains(data)) {
                    found.add(data);
                }
            }
        }
        return found;
    }

    /** The audit log and everything that belongs to it; the rest of the folder (the assistant's key) stays. */
    static List<Path> removeAuditLog(Path dataDir) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("audit.db") || name.equals("audit-signing.jwk")) {
                    dev.chaperone.browser.ProfileWiper.wipe(p);
                    Files.deleteIfExists(p);
                    removed.add(p);
                }
            }
        }
        return removed;
    }
}
