package dev.chaperone.app.cli;

import dev.chaperone.app.AppPaths;
import dev.chaperone.audit.ChainVerification;
import dev.chaperone.audit.SqliteAuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code chaperone audit verify|show}: for security teams checking a workstation's audit log. */
@Command(name = "audit", description = "Check or show the local audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class})
public final class AuditCommand {

    static Path resolve(Path file) {
        return file != null ? file : AppPaths.fromEnvironment().auditLog();
    }

    @Command(name = "verify", description = "Re-check the hash chain. Exit code 0: intact, 1: tampered, 2: unreadable.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--file", description = "Audit file (default: the user's).")
        Path file;

        @Override
        public Integer call() {
            Path path = resolve(file);
            if (!Files.exists(path)) {
                System.err.println("No audit log at " + path);
                return 2;
            }
            try (SqliteAuditLog log = SqliteAuditLog.open(path)) {
                ChainVerification v = log.verify();
                System.out.println(v.describe());
                return v.intact() ? 0 : 1;
            } catch (RuntimeException e) {
                System.err.println("Cannot read the audit log: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "show", description = "Print every event, one per line, oldest first.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--file", description = "Audit file (default: the user's).")
        Path file;

        @Override
        public Integer call() {
            Path path = resolve(file);
            if (!Files.exists(path)) {
                System.err.println("No audit log at " + path);
                return 2;
            }
            try (SqliteAuditLog log = SqliteAuditLog.open(path)) {
                for (SqliteAuditLog.AuditRow row : log.rows()) {
                    System.out.printf("%d %s %-20s human=%s assistant=%s task=%s %s%n", row.seq(), row.at(), row.type(),
                            row.human(), row.assistant(), row.task(), row.detailsJson());
                }
                return 0;
            }
        }
    }
}
