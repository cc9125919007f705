package dev.chaperone.audit.export;

import dev.chaperone.core.files.PrivateFiles;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.core.audit.RecordedEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forwards the audit file to one destination from its own thread and its own read-only
 * connection, so it never blocks the browser or the gate. The audit file is the outbox: a cursor
 * file beside it remembers the last row the destination confirmed, so a SIEM outage loses nothing
 * and a restart resumes there. Delivery is at least once; rows carry their sequence number.
 */
public final class AuditForwarder implements AutoCloseable {
    static final int BATCH = 500;
    private static final long IDLE_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private record Sent(long lastSeq, long atNanos) {}

    private final Path auditFile;
    private final Destination destination;
    private final ExportFormat format;
    private final OcsfMapper ocsf;
    private final Path cursorFile;
    private final Thread thread;
    private final AtomicLong confirmed = new AtomicLong();
    private volatile boolean stopping;
    private volatile String lastProblem = "";

    public AuditForwarder(Path auditFile, Destination destination, ExportFormat format, OcsfMapper ocsf) {
        this.auditFile = auditFile.toAbsolutePath();
        this.destination = destination;
        this.format = format;
        this.ocsf = ocsf;
        this.cursorFile = this.auditFile.resolveSibling(this.auditFile.getFileName() + ".forward-" + destination.name());
        this.thread = new Thread(this::run, "chaperone-audit-forward-" + destination.name());
        this.thread.setDaemon(true);
    }

    public AuditForwarder start() {
        confirmed.set(readCursor());
        thread.start();
        return this;
    }

    /** The last row the destination confirmed. */
    public long confirmedSeq() {
        return confirmed.get();
    }

    public String lastProblem() {
        return lastProblem;
    }

    private void run() {
        long backoff = 500;
        while (!stopping) {
            try (AuditFile file = AuditFile.open(auditFile)) {
                forward(file);
            } catch (IOException | RuntimeException e) {
                lastProblem = e.getMessage() == null ? e.toString() : e.getMessage();
                destination.close();
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                continue;
            }
        }
        destination.close();
    }

    /** Sends from the confirmed cursor until a failure; unconfirmed batches are resent after one. */
    private void forward(AuditFile file) throws IOException {
        Deque<Sent> unconfirmed = new ArrayDeque<>();
        long sentUpTo = confirmed.get();
        while (!stopping) {
            List<RecordedEntry> batch = file.readAfter(sentUpTo, BATCH);
            if (!batch.isEmpty()) {
                destination.send(batch, batch.stream().map(e -> format.line(e, ocsf)).toList());
                sentUpTo = batch.get(batch.size() - 1).seq();
                unconfirmed.add(new Sent(sentUpTo, System.nanoTime()));
                lastProblem = "";
            }
            while (!unconfirmed.isEmpty() && destination.confirms(unconfirmed.peek().atNanos())) {
                saveCursor(unconfirmed.poll().lastSeq());
            }
            if (batch.size() < BATCH) {
                sleep(IDLE_MILLIS);
            }
        }
    }

    private long readCursor() {
        try {
            return Files.exists(cursorFile) ? Long.parseLong(Files.readString(cursorFile).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            // An unreadable cursor means starting over: duplicates, never a gap.
            return 0;
        }
    }

    private void saveCursor(long seq) throws IOException {
        PrivateFiles.replace(cursorFile, Long.toString(seq));
        confirmed.set(seq);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            stopping = true;
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
