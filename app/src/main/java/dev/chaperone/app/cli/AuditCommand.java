package dev.chaperone.app.cli;

import dev.chaperone.app.AppPaths;
import dev.chaperone.audit.ChainVerification;
import dev.chaperone.audit.SqliteAuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

/** {@code chaperone audit verify|show}: for security teams checking a workstation's audit log. */
@Command(name = "audit", description = "Check or show the local audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class})
public final class AuditCommand {
    static final int UNREADABLE = 2;

    /** Opens the given (or the user's) audit file and runs {@code action} on it; 2 if it cannot be read. */
    static int withLog(Path file, ToIntFunction<SqliteAuditLog> action) {
        Path path = file != null ? file : AppPaths.fromEnvironment().auditLog();
        if (!Files.exists(path)) {
            System.err.println("No audit log at " + path);
            return UNREADABLE;
        }
        try (SqliteAuditLog log = SqliteAuditLog.open(path)) {
            return action.applyAsInt(log);
        } catch (RuntimeException e) {
            System.err.println("Cannot read the audit log at " + path + ": " + e.getMessage());
            return UNREADABLE;
        }
    }

    @Command(name = "verify", description = "Re-check the hash chain. Exit code 0: intact, 1: tampered, 2: unreadable.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--file", description = "Audit file (default: the user's).")
        Path file;

        @Override
        public Integer call() {
            return withLog(file, log -> {
                ChainVerification v = log.verify();
                System.out.println(v.describe());
                return v.intact() ? 0 : 1;
            });
        }
    }

    @Command(name = "show", description = "Print every event, one per line, oldest first.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--file", description = "Audit file (default: the user's).")
        Path file;

        @Override
        public Integer call() {
            return withLog(file, log -> {
                for (SqliteAuditLog.AuditRow row : log.rows()) {
                    System.out.printf("%d %s %-20s human=%s assistant=%s task=%s %s%n", row.seq(), row.at(), row.type(),
                            row.human(), row.assistant(), row.task(), row.detailsJson());
                }
                return 0;
            });
        }
    }
}
