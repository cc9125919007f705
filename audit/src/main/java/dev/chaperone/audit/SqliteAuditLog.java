package dev.chaperone.audit;

import dev.chaperone.core.files.PrivateFiles;
import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditLog;
import dev.chaperone.core.audit.AuditUnavailableException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The local, tamper-evident audit log: one SQLite file written by one writer thread with group
 * commit. Entries queue up while the previous transaction is being synced, and the next
 * transaction takes them all, so one fsync covers many rows.
 * <ul>
 *   <li>{@link #recordDurably} returns once the entry's transaction is on disk (the gate waits
 *   for this before letting an action go ahead); {@link #record} returns at once and the entry
 *   is on disk within one commit.</li>
 *   <li>A signed checkpoint row (count and head hash) follows every {@code checkpointEvery}
 *   events, every session end and the close; the newest is also kept beside the file, so a
 *   truncated tail is detected by {@link AuditFile#verify}.</li>
 *   <li>When a write fails (disk full, read-only, locked), the log is failed for good: every
 *   waiting and later entry gets {@link AuditUnavailableException} and the listeners are told, so
 *   the running session ends and nothing acts unrecorded.</li>
 * </ul>
 */
public final class SqliteAuditLog implements AuditLog, AutoCloseable {
    static final int MAX_BATCH = 8192;
    private static final int QUEUE_CAPACITY = 65_536;

    /** @param checkpointEvery events between signed checkpoints */
    public record Settings(int checkpointEvery, Retention retention) {
        public static Settings defaults() {
            return new Settings(10_000, Retention.KEEP_ALL);
        }

        public Settings withRetention(Retention r) {
            return new Settings(checkpointEvery, r);
        }
    }

    /** What the writer thread takes: an entry, or a request to checkpoint or to stop. */
    private record Pending(AuditEntry entry, boolean close, CompletableFuture<Long> committed) {}

    private final Path file;
    private final Connection db;
    private final Settings settings;
    private final AuditSigningKey key;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final List<Consumer<AuditUnavailableException>> failureListeners = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private final UnwrittenEntries unwritten;
    private volatile AuditUnavailableException failure;
    private volatile boolean closed;
    // Only the writer thread touches these after open.
    private long lastSeq;
    private String lastHash;
    private long lastCheckpointed;

    private SqliteAuditLog(Path file, Connection db, Settings settings, AuditSigningKey key) throws SQLException {
        this.file = file;
        this.db = db;
        this.settings = settings;
        this.key = key;
        this.unwritten = new UnwrittenEntries(file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // FULL: a committed transaction survives a power cut, not just a killed process.
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=2000");
        }
        AuditSchema.create(db);
        Optional<AuditEvent.AuditArchived> archived = new AuditArchiver(db, file, key)
                .rollOver(settings.retention(), Instant.now());
        loadHead();
        db.setAutoCommit(false);
        writer = new Thread(this::writeLoop, "chaperone-audit-writer");
        writer.setDaemon(true);
        writer.start();
        archived.ifPresent(event -> record(new AuditEntry(Instant.now(), Optional.empty(), event)));
        recoverUnwritten();
    }

    /** Entries a failed run could not write come first, followed by a row saying so. */
    private void recoverUnwritten() {
        Optional<UnwrittenEntries.Taken> taken = unwritten.take();
        if (taken.isEmpty()) {
            return;
        }
        try {
            taken.get().entries().forEach(this::record);
            recordDurably(new AuditEntry(Instant.now(), Optional.empty(), new AuditEvent.AuditEntriesRecovered(
                    taken.get().entries().size(), unwritten.file().toString())));
        } catch (AuditUnavailableException e) {
            // The failure path kept them in the side file again.
        }
        try {
            Files.deleteIfExists(taken.get().file());
        } catch (IOException e) {
            throw new AuditStoreException("Cannot remove " + taken.get().file() + " after recovering it: " + e.getMessage(), e);
        }
    }

    /** Opens (or creates) the log with default settings; the signing key lives beside it. */
    public static SqliteAuditLog open(Path file) {
        return open(file, Settings.defaults());
    }

    public static SqliteAuditLog open(Path file, Settings settings) {
        Path absolute = file.toAbsolutePath();
        Connection db = null;
        try {
            PrivateFiles.directory(absolute.getParent());
            if (!Files.exists(absolute)) {
                // SQLite gives its -wal and -shm files the database file's permissions: owner-only from the start.
                PrivateFiles.createWithText(absolute, "");
            }
            AuditSigningKey key = AuditSigningKey.loadOrCreate(AuditSigningKey.fileFor(absolute));
            db = DriverManager.getConnection("jdbc:sqlite:" + absolute);
            return new SqliteAuditLog(absolute, db, settings, key);
        } catch (SQLException | IOException e) {
            closeQuietly(db);
            String message = String.valueOf(e.getMessage());
            String why = message.contains("NOTADB") || message.contains("CORRUPT")
                    ? "it is damaged or is not an audit log (" + message.replaceFirst("^\\[\\w+\\] ", "") + ")" : message;
            throw new AuditStoreException("The audit log at " + absolute + " cannot be opened: " + why
                    + ". The file is left as it is, for IT to look at.", e);
        }
    }

    private void loadHead() throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet last = s.executeQuery("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")) {
            if (last.next()) {
                lastSeq = last.getLong(1);
                lastHash = last.getString(2);
            } else {
                Optional<AuditArchiver.Base> base = AuditArchiver.base(db);
                lastSeq = base.map(b -> b.firstSeq() - 1).orElse(0L);
                lastHash = base.map(AuditArchiver.Base::prevHash).orElse(AuditRow.GENESIS);
            }
        }
        try (Statement s = db.createStatement();
             ResultSet cp = s.executeQuery("SELECT seq FROM audit_event WHERE type = '"
                     + AuditEvent.typeOf(AuditEvent.AuditCheckpointed.class) + "' ORDER BY seq DESC LIMIT 1")) {
            lastCheckpointed = cp.next() ? cp.getLong(1) : lastSeq;
        }
    }

    /** Called once, on the first failure to write: the running session must end. */
    public void onFailure(Consumer<AuditUnavailableException> listener) {
        failureListeners.add(listener);
        AuditUnavailableException already = failure;
        if (already != null) {
            listener.accept(already);
        }
    }

    public Optional<AuditUnavailableException> failure() {
        return Optional.ofNullable(failure);
    }

    public Path file() {
        return file;
    }

    @Override
    public void record(AuditEntry entry) {
        append(entry);
    }

    @Override
    public void recordDurably(AuditEntry entry) {
        try {
            append(entry).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof AuditUnavailableException u ? u
                    : new AuditStoreException("Cannot write to the audit log: " + e.getCause(), e.getCause());
        }
    }

    /** Queues the entry; the future completes with its sequence number once it is on disk. */
    public CompletableFuture<Long> append(AuditEntry entry) {
        AuditUnavailableException failed = failure;
        if (failed != null) {
            // Kept for the next start, then refused: the caller must not act as if it were recorded.
            unwritten.save(List.of(entry));
            throw failed;
        }
        checkOpen();
        CompletableFuture<Long> committed = new CompletableFuture<>();
        enqueue(new Pending(entry, false, committed));
        return committed;
    }

    /** Returns once everything queued before the call is on disk (or failed). */
    public void awaitWritten() {
        throwIfUnusable();
        CompletableFuture<Long> barrier = new CompletableFuture<>();
        enqueue(new Pending(null, false, barrier));
        try {
            barrier.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof AuditUnavailableException u ? u : e;
        }
    }

    /** Every row written so far, read back through a read-only connection (for tests and tools). */
    public List<AuditRow> rowsWritten() {
        awaitWritten();
        try (AuditFile file = AuditFile.open(this.file)) {
            return file.rows();
        }
    }

    private void throwIfUnusable() {
        AuditUnavailableException failed = failure;
        if (failed != null) {
            throw failed;
        }
        checkOpen();
    }

    private void checkOpen() {
        if (closed) {
            throw new AuditStoreException("The audit log is closed.", null);
        }
    }

    /**
     * Queues an entry even on an interrupted thread: a gate thread interrupted because its session
     * ends still owes the audit its denial, and an interrupt must never lose a row. The interrupt
     * is kept for the caller.
     */
    private void enqueue(Pending pending) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    // Blocks only if the disk is far behind: back-pressure instead of unbounded memory.
                    queue.put(pending);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stop = commit(batch);
            batch.clear();
        }
        // Entries that raced with close: tell their writers instead of leaving them waiting.
        AuditStoreException closedLog = new AuditStoreException("The audit log is closed.", null);
        queue.forEach(p -> p.committed().completeExceptionally(closedLog));
        queue.clear();
    }

    /** Writes one batch in one transaction. Returns true when the log was asked to close. */
    private boolean commit(List<Pending> batch) {
        boolean close = batch.stream().anyMatch(Pending::close);
        if (failure != null) {
            unwritten.save(entriesOf(batch));
            batch.forEach(p -> p.committed().completeExceptionally(failure));
            return close;
        }
        long seq = lastSeq;
        String head = lastHash;
        long[] seqs = new long[batch.size()];
        boolean checkpoint = close;
        String checkpointJws = null;
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO audit_event(seq, at, type, session, who, event, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < batch.size(); i++) {
                AuditEntry entry = batch.get(i).entry();
                if (entry == null) {
                    continue;
                }
                AuditRow row = AuditRow.of(++seq, entry, head);
                bind(insert, row);
                head = row.hash();
                seqs[i] = seq;
                checkpoint |= entry.event() instanceof AuditEvent.SessionEnded;
            }
            checkpoint |= seq - lastCheckpointed >= settings.checkpointEvery();
            if (checkpoint && seq > lastCheckpointed) {
                checkpointJws = key.sign(AuditSigningKey.CHECKPOINT, Map.of("events", seq, "head", head,
                        "at", Instant.now().toString()));
                AuditRow row = AuditRow.of(++seq, new AuditEntry(Instant.now(), Optional.empty(),
                        new AuditEvent.AuditCheckpointed(seq - 1, head, checkpointJws)), head);
                bind(insert, row);
                head = row.hash();
            }
            insert.executeBatch();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            fail(e, batch);
            return close;
        }
        lastSeq = seq;
        lastHash = head;
        if (checkpointJws != null) {
            lastCheckpointed = seq;
            keepNewestCheckpointBeside(checkpointJws);
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).committed().complete(seqs[i]);
        }
        return close;
    }

    private static void bind(PreparedStatement insert, AuditRow row) throws SQLException {
        insert.setLong(1, row.seq());
        insert.setString(2, row.at());
        insert.setString(3, row.type());
        insert.setString(4, row.session());
        insert.setString(5, row.who());
        insert.setString(6, row.event());
        insert.setString(7, row.prevHash());
        insert.setString(8, row.hash());
        insert.addBatch();
    }

    /** Beside the file, so a tail cut off together with its checkpoint rows is still detected. */
    private void keepNewestCheckpointBeside(String jws) {
        Path sidecar = AuditFile.checkpointFileFor(file);
        try {
            PrivateFiles.replace(sidecar, jws);
        } catch (IOException e) {
            fail(e, List.of());
        }
    }

    private void fail(Exception cause, List<Pending> batch) {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // The failure below is what matters.
        }
        AuditUnavailableException failed = new AuditStoreException(
                "The audit log at " + file + " cannot be written: " + cause.getMessage(), cause);
        failure = failed;
        unwritten.save(entriesOf(batch));
        // Listeners first: by the time a waiting writer hears of the failure, the session is told to end.
        for (Consumer<AuditUnavailableException> listener : failureListeners) {
            try {
                listener.accept(failed);
            } catch (RuntimeException e) {
                System.err.println("chaperone: an audit failure listener failed: " + e);
            }
        }
        batch.forEach(p -> p.committed().completeExceptionally(failed));
    }

    private static List<AuditEntry> entriesOf(List<Pending> batch) {
        return batch.stream().map(Pending::entry).filter(java.util.Objects::nonNull).toList();
    }

    /** Writes what is queued and a final checkpoint, then closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        enqueue(new Pending(null, true, new CompletableFuture<>()));
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(db);
    }

    private static void closeQuietly(Connection db) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // Nothing more to save.
            }
        }
    }
}
