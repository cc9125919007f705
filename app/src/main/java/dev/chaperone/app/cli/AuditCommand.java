package dev.chaperone.app.cli;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.Version;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.audit.AuditSigningKey;
import dev.chaperone.audit.AuditStoreException;
import dev.chaperone.audit.Verification;
import dev.chaperone.audit.export.ExportFormat;
import dev.chaperone.audit.export.OcsfMapper;
import dev.chaperone.core.audit.RecordedEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code chaperone audit verify|show|export}: for security teams checking a workstation's audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check, show or export the local audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class, AuditCommand.Export.class})
public final class AuditCommand {
    static final int UNREADABLE = 2;

    /** Something that reads an open audit file and returns the exit code. */
    @FunctionalInterface
    interface Reading {
        int read(AuditFile file) throws IOException;
    }

    /** Opens the given (or the user's) audit file read-only and runs {@code action}; 2 if it cannot be read. */
    static int withFile(Path file, Reading action) {
        Path path = file != null ? file : AppPaths.fromEnvironment().auditLog();
        try (AuditFile opened = AuditFile.open(path)) {
            return action.read(opened);
        } catch (AuditStoreException | IOException e) {
            System.err.println(e.getMessage());
            return UNREADABLE;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-check the hash chain, the signed checkpoints and the archives. "
            + "Exit code 0: intact, 1: tampered or cut off (the first bad row is named), 2: unreadable or damaged.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--file", description = "Audit file (default: the user's).")
        Path file;

        @Option(names = "--public-key", description = "The install's audit key (JWK; default: the key beside the file).")
        Path publicKey;

        @Override
        public Integer call() {
            return withFile(file, opened -> {
                Path keyFile = publicKey != null ? publicKey : AuditSigningKey.fileFor(opened.file());
                ECKey key;
                try {
                    key = AuditSigningKey.publicKeyFrom(keyFile);
                } catch (IOException | ParseException e) {
                    System.err.println("Cannot check the signed checkpoints without the audit key at " + keyFile
                            + " (pass --public-key): " + e.getMessage());
                    return UNREADABLE;
                }
                Verification v = opened.verify(key);
                System.out.println(v.describe());
                return v.intact() ? 0 : 1;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print every event, one per line, oldest first.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--file", description = "Audit file (default: the user's).")
        Path file;

        @Override
        public Integer call() {
            return withFile(file, opened -> {
                opened.forEachRow(0, Integer.MAX_VALUE, (AuditRow row) -> System.out.printf("%d %s %-26s human=%s session=%s %s%n",
                        row.seq(), row.at(), row.type(), row.human(), row.session(), row.event()));
                return 0;
            });
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write events as OCSF 1.8.0 (for a SIEM) or as Chaperone's JSON, one per line.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--file", description = "Audit file (default: the user's).")
        Path file;

        @Option(names = "--format", description = "ocsf or jsonl (default: ${DEFAULT-VALUE}).")
        String format = "ocsf";

        @Option(names = "--since", description = "Only events at or after this: an instant (2026-11-29T08:00:00Z) "
                + "or a duration back from now (PT24H, P7D).")
        String since;

        @Override
        public Integer call() {
            ExportFormat chosen;
            Instant from;
            try {
                chosen = ExportFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
                from = since == null ? Instant.EPOCH : parseSince(since);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                System.err.println("--format must be ocsf or jsonl, and --since an instant or a duration such as P7D: "
                        + e.getMessage());
                return UNREADABLE;
            }
            OcsfMapper ocsf = new OcsfMapper(Version.CURRENT);
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            int code = withFile(file, opened -> {
                long after = 0;
                for (List<RecordedEntry> batch = opened.readAfter(after, 1000); !batch.isEmpty();
                     batch = opened.readAfter(after, 1000)) {
                    for (RecordedEntry entry : batch) {
                        if (!entry.entry().at().isBefore(from)) {
                            out.println(chosen.line(entry, ocsf));
                        }
                    }
                    after = batch.get(batch.size() - 1).seq();
                }
                return 0;
            });
            out.flush();
            return code;
        }

        private static Instant parseSince(String value) {
            if (value.startsWith("P")) {
                return Instant.now().minus(Duration.parse(value));
            }
            return Instant.parse(value);
        }
    }
}
