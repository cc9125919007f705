package dev.chaperone.app.cli;

import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditSigningKey;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.audit.Verification;
import dev.chaperone.audit.export.AuditForwarder;
import dev.chaperone.audit.export.ExportFormat;
import dev.chaperone.audit.export.OcsfMapper;
import dev.chaperone.audit.export.SyslogDestination;
import dev.chaperone.core.audit.ActionFacts;
import dev.chaperone.core.audit.AuditAttribution;
import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.DecisionFacts;
import dev.chaperone.core.audit.ExecutionPath;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.gate.Outcome;
import dev.chaperone.core.gate.ReasonCode;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The audit figures of {@code chaperone bench}: append throughput with the chain (one fsynced
 * transaction per event, as before group commit, and with group commit), the delay until a queued
 * event is on disk, verifying a large file, and forwarding to a syslog receiver on loopback.
 */
final class AuditBench {
    private final Path dir;
    private final int events;

    AuditBench(Path dir, int events) {
        this.dir = dir;
        this.events = events;
    }

    void run() throws Exception {
        Path file = dir.resolve("bench-audit.db");
        AuditEntry entry = sample();
        try (SqliteAuditLog log = SqliteAuditLog.open(file)) {
            int oneByOne = Math.min(events, 2_000);
            long start = System.nanoTime();
            for (int i = 0; i < oneByOne; i++) {
                log.recordDurably(entry);
            }
            rate("audit append, one fsynced transaction per event (as before)", oneByOne, System.nanoTime() - start);
            BenchCommand.report("audit: delay until a queued event is on disk", BenchCommand.time(100, 2_000,
                    () -> log.append(entry).join()));
            start = System.nanoTime();
            CompletableFuture<Long> last = null;
            for (int i = 0; i < events; i++) {
                last = log.append(entry);
            }
            last.join();
            rate("audit append with the chain, group commit", events, System.nanoTime() - start);
        }
        try (AuditFile f = AuditFile.open(file)) {
            long start = System.nanoTime();
            Verification v = f.verify(AuditSigningKey.publicKeyFrom(AuditSigningKey.fileFor(file)));
            System.out.printf("%-72s %s in %.2f s%n", "audit verify (chain and checkpoints)",
                    v.intact() ? v.rows() + " rows intact" : v.describe(), (System.nanoTime() - start) / 1e9);
        }
        forward(file);
    }

    private void forward(Path file) throws Exception {
        long[] lastSeq = {0};
        try (AuditFile f = AuditFile.open(file)) {
            f.forEachRow(0, Integer.MAX_VALUE, row -> lastSeq[0] = row.seq());
        }
        long rows = lastSeq[0];
        try (ServerSocket receiver = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread drain = new Thread(() -> {
                try (Socket s = receiver.accept(); InputStream in = s.getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException closed) {
                    // The bench is over.
                }
            }, "bench-syslog-receiver");
            drain.setDaemon(true);
            drain.start();
            long start = System.nanoTime();
            try (AuditForwarder forwarder = new AuditForwarder(file, new SyslogDestination("127.0.0.1",
                    receiver.getLocalPort(), java.util.Optional.empty()), ExportFormat.OCSF, new OcsfMapper("bench")).start()) {
                while (forwarder.confirmedSeq() < rows) {
                    Thread.sleep(20);
                }
            }
            rate("forwarding as OCSF over syslog/TCP to loopback (confirmed)", rows, System.nanoTime() - start);
        }
    }

    private static void rate(String what, long n, long nanos) {
        System.out.printf("%-72s n=%8d  %10.0f events/s%n", what, n, n / (nanos / 1e9));
    }

    private static AuditEntry sample() {
        return new AuditEntry(Instant.now(), Optional.of(new AuditAttribution("bench", "Bench", "assistant", "Assistant",
                "bench", "Benchmark", "http://127.0.0.1:9", "", "bench-session")),
                new AuditEvent.ActionDecided(new ActionFacts(ActionKind.NAVIGATE, "GET", "http://127.0.0.1:9/invoices", ""),
                        new DecisionFacts(Outcome.ALLOW, DecidedBy.POLICY, ReasonCode.READ_ALLOWED, "Reading web pages is allowed."),
                        new ExecutionPath(Initiator.Kind.ASSISTANT_BROWSER, "", "",
                                List.of("audit", "session-open", "policy: ALLOW READ_ALLOWED"))));
    }
}
