package dev.chaperone.audit;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditUnavailableException;
import dev.chaperone.core.audit.RecordedEntry;
import dev.chaperone.core.session.EndReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteAuditLogTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("audit.db");
    }

    private ECKey publicKey() throws Exception {
        return AuditSigningKey.publicKeyFrom(AuditSigningKey.fileFor(file()));
    }

    private Verification verify() throws Exception {
        try (AuditFile f = AuditFile.open(file())) {
            return f.verify(publicKey());
        }
    }

    private void write(int navigations) {
        try (SqliteAuditLog log = SqliteAuditLog.open(file(), new SqliteAuditLog.Settings(3, Retention.KEEP_ALL))) {
            for (int i = 0; i < navigations; i++) {
                log.record(AuditFixtures.navigation(i));
            }
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void typedEventsComeBackAsWrittenWithTheirAttributionAcrossReopening() throws Exception {
        try (SqliteAuditLog log = SqliteAuditLog.open(file())) {
            log.record(AuditFixtures.entry(new AuditEvent.SessionStarted("http://127.0.0.1:1", "Invoices",
                    "Check last month's invoices", true, "Chromium 146.0.7680.179, released 2026-05-05",
                    "contained (bubblewrap)")));
            log.recordDurably(AuditFixtures.navigation(1));
        }
        try (SqliteAuditLog log = SqliteAuditLog.open(file())) {
            log.recordDurably(AuditFixtures.entry(new AuditEvent.SessionEnded(EndReason.SCREEN_LOCKED, true, 12)));
        }
        try (AuditFile f = AuditFile.open(file())) {
            List<RecordedEntry> entries = f.readAfter(0, 100);
            assertEquals(List.of("SESSION_STARTED", "ACTION_DECIDED", "AUDIT_CHECKPOINTED", "SESSION_ENDED",
                    "AUDIT_CHECKPOINTED"), entries.stream().map(e -> e.entry().event().type()).toList());
            assertEquals(AuditFixtures.navigation(1).event(), entries.get(1).entry().event());
            assertEquals("Check last month's invoices", entries.get(1).entry().who().orElseThrow().intent());
            assertEquals("alice", entries.get(1).entry().who().orElseThrow().human());
            assertEquals(Optional.empty(), entries.get(2).entry().who());
            assertEquals(new AuditEvent.SessionEnded(EndReason.SCREEN_LOCKED, true, 12), entries.get(3).entry().event());
        }
        Verification v = verify();
        assertTrue(v.intact(), v.describe());
        assertEquals(2, v.checkpoints());
    }

    @Test
    void aThreadInterruptedBecauseItsSessionEndsStillRecordsItsDenial() throws Exception {
        try (SqliteAuditLog log = SqliteAuditLog.open(file())) {
            Thread.currentThread().interrupt();
            try {
                log.record(AuditFixtures.navigation(1));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
            } finally {
                Thread.interrupted();
            }
            log.awaitWritten();
        }
        try (AuditFile f = AuditFile.open(file())) {
            assertEquals("ACTION_DECIDED", f.readAfter(0, 10).get(0).entry().event().type());
        }
    }

    private void assertBad(long row, String words) throws Exception {
        Verification v = verify();
        assertFalse(v.intact());
        assertEquals(row, v.firstBadRow(), v.describe());
        assertTrue(v.describe().contains(words), v.describe());
    }

    @Test
    void theLogItsWriteAheadFilesItsKeyAndItsCheckpointAreTheOwnersAlone() throws Exception {
        try (SqliteAuditLog log = SqliteAuditLog.open(dir.resolve("new/chaperone/audit.db"))) {
            log.record(AuditFixtures.navigation(1));
            log.awaitWritten();
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("new/chaperone"))) {
                List<String> modes = files.sorted().map(p -> p.getFileName() + " " + mode(p)).toList();
                assertTrue(modes.contains("audit.db-wal rw-------"), modes.toString());
                assertTrue(modes.stream().allMatch(m -> m.endsWith(" rw-------")), modes.toString());
            }
        }
        assertEquals("rw-------", mode(dir.resolve("new/chaperone/audit.db.checkpoint")));
        assertEquals("rwx------", mode(dir.resolve("new/chaperone")));
    }

    private static String mode(Path p) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anEditedRowIsNamed() throws Exception {
        write(6);
        sql("UPDATE audit_event SET who = replace(who, 'alice', 'mallory') WHERE seq = 2");
        assertBad(2, "was changed");
    }

    @Test
    void aDeletedRowIsNamed() throws Exception {
        write(6);
        sql("DELETE FROM audit_event WHERE seq = 2");
        assertBad(3, "rows 2 to 2 are missing");
    }

    @Test
    void aRewrittenRowWithARecomputedHashIsCaughtByTheNextRow() throws Exception {
        write(6);
        try (AuditFile f = AuditFile.open(file())) {
            AuditRow row = f.rows().get(1);
            AuditRow forged = new AuditRow(row.seq(), row.at(), row.type(), row.session(), row.who(),
                    row.event().replace("page/1", "page/elsewhere"), row.prevHash(), "");
            sql("UPDATE audit_event SET event = '" + forged.event() + "', hash = '" + forged.computeHash() + "' WHERE seq = 2");
        }
        assertBad(3, "does not follow");
    }

    @Test
    void aReorderedPairIsNamed() throws Exception {
        write(6);
        sql("UPDATE audit_event SET seq = -1 WHERE seq = 2");
        sql("UPDATE audit_event SET seq = 2 WHERE seq = 3");
        sql("UPDATE audit_event SET seq = 3 WHERE seq = -1");
        assertBad(2, "does not follow");
    }

    @Test
    void aTruncatedTailIsDetectedEvenWithItsCheckpointsGone() throws Exception {
        write(7);
        long rows;
        try (AuditFile f = AuditFile.open(file())) {
            rows = f.rows().size();
        }
        sql("DELETE FROM audit_event WHERE seq > 4");
        Verification v = verify();
        assertFalse(v.intact());
        assertTrue(v.describe().contains("the end of the log is missing: the newest signed checkpoint covers " + (rows - 1)
                + " events, but the file ends at row 4"), v.describe());
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRejected() throws Exception {
        write(3);
        Path otherDir = Files.createDirectories(dir.resolve("other"));
        try (SqliteAuditLog other = SqliteAuditLog.open(otherDir.resolve("audit.db"))) {
            for (int i = 0; i < 3; i++) {
                other.record(AuditFixtures.navigation(i));
            }
        }
        // The other install's file, checked against this install's key: every signature is wrong.
        try (AuditFile f = AuditFile.open(otherDir.resolve("audit.db"))) {
            Verification v = f.verify(publicKey());
            assertFalse(v.intact());
            assertTrue(v.describe().contains("not signed by this install's audit key"), v.describe());
        }
    }

    @Test
    void aKilledWriterLosesNoCommittedEvent() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AuditWriterChild.class.getName(), file().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long acknowledged = 0;
        long highest = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && acknowledged < 30_000; line = out.readLine()) {
                acknowledged++;
                highest = Math.max(highest, Long.parseLong(line.trim()));
            }
            // SIGKILL through the handle: Process.destroyForcibly would also close the pipe we still read.
            child.toHandle().destroyForcibly();
            child.waitFor();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                acknowledged++;
                highest = Math.max(highest, Long.parseLong(line.trim()));
            }
        }
        assertTrue(acknowledged >= 30_000, "the child reported " + acknowledged + " commits before it died");
        try (AuditFile f = AuditFile.open(file())) {
            long navigations = f.rows().stream().filter(r -> r.type().equals("ACTION_DECIDED")).count();
            long lastSeq = f.rows().get(f.rows().size() - 1).seq();
            assertTrue(lastSeq >= highest, "row " + highest + " was reported committed; the file ends at " + lastSeq);
            // Everything reported committed is there; at most the batch in flight when it died is extra.
            assertTrue(navigations >= acknowledged && navigations - acknowledged <= SqliteAuditLog.MAX_BATCH,
                    "committed " + acknowledged + ", found " + navigations);
        }
        Verification v = verify();
        assertTrue(v.intact(), v.describe());
    }

    @Test
    void aStoreThatCannotWriteFailsEveryEntryTellsItsListenersAndTheNextStartRecordsWhatItKept() throws Exception {
        try (SqliteAuditLog log = SqliteAuditLog.open(file())) {
            AtomicReference<AuditUnavailableException> told = new AtomicReference<>();
            log.onFailure(told::set);
            log.recordDurably(AuditFixtures.navigation(0));
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
                 Statement s = other.createStatement()) {
                // Another process holding the file locked: a real fault of a shared disk or a stuck tool.
                s.execute("BEGIN EXCLUSIVE");
                AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                        () -> log.recordDurably(AuditFixtures.navigation(1)));
                assertTrue(e.getMessage().contains("cannot be written"), e.getMessage());
                s.execute("ROLLBACK");
            }
            assertInstanceOf(AuditUnavailableException.class, told.get());
            assertThrows(AuditUnavailableException.class,
                    () -> log.record(AuditFixtures.entry(new AuditEvent.SessionEnding(EndReason.AUDIT_UNAVAILABLE))),
                    "a failed store stays failed: nothing acts as if it were recorded");
        }
        try (SqliteAuditLog reopened = SqliteAuditLog.open(file())) {
            List<AuditRow> rows = reopened.rowsWritten();
            List<String> types = rows.stream().map(AuditRow::type).toList();
            assertEquals(List.of("ACTION_DECIDED", "ACTION_DECIDED", "SESSION_ENDING", "AUDIT_ENTRIES_RECOVERED"),
                    types.subList(types.size() - 4, types.size()), types.toString());
            assertEquals("http://127.0.0.1:1/page/1", rows.get(rows.size() - 3).field("action.url"),
                    "the entry that failed is in the chain now");
            assertEquals("2", rows.get(rows.size() - 1).field("count"));
        }
        Verification v = verify();
        assertTrue(v.intact(), v.describe());
    }

    @Test
    void oldRowsRollIntoSignedArchivesAndTheChainStillVerifies() throws Exception {
        write(10);
        try (SqliteAuditLog log = SqliteAuditLog.open(file(), SqliteAuditLog.Settings.defaults()
                .withRetention(new Retention(Optional.of(Duration.ofDays(30)), 5)))) {
            log.recordDurably(AuditFixtures.navigation(99));
        }
        Path archiveDir = AuditArchiver.archiveDirFor(file().toAbsolutePath());
        try (AuditFile f = AuditFile.open(file())) {
            assertTrue(f.rows().size() <= 8, "rows left: " + f.rows().size());
            assertEquals("AUDIT_ARCHIVED", f.rows().get(f.rows().size() - 3).type());
        }
        Verification v = verify();
        assertTrue(v.intact(), v.describe());
        assertEquals(1, v.archives());
        try (var archives = Files.list(archiveDir)) {
            for (Path p : archives.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                Files.delete(p);
            }
        }
        Verification gone = verify();
        assertFalse(gone.intact());
        assertTrue(gone.describe().contains("cannot be read"), gone.describe());
    }

    @Test
    void aDamagedFileIsNamedAsDamaged() throws Exception {
        Files.writeString(file(), "this is not a database, it was overwritten by a careless script ".repeat(100));
        AuditStoreException e = assertThrows(AuditStoreException.class, () -> AuditFile.open(file()));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertThrows(AuditStoreException.class, () -> SqliteAuditLog.open(file()));
    }
}
