package dev.chaperone.audit.export;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.AuditFixtures;
import dev.chaperone.audit.SqliteAuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditForwarderTest {
    @TempDir
    Path dir;

    private long rowsIn(Path file) {
        try (AuditFile f = AuditFile.open(file)) {
            return f.rows().size();
        }
    }

    @Test
    void aSyslogReceiverThatIsStoppedAndRestartedEndsUpWithEveryRow() throws Exception {
        Path file = dir.resolve("audit.db");
        SyslogReceiver receiver = new SyslogReceiver(0);
        int port = receiver.port();
        try (SqliteAuditLog log = SqliteAuditLog.open(file);
             AuditForwarder forwarder = new AuditForwarder(file, new SyslogDestination("127.0.0.1", port,
                     java.util.Optional.empty()), ExportFormat.OCSF, new OcsfMapper("test")).start()) {
            for (int i = 0; i < 2_000; i++) {
                log.record(AuditFixtures.navigation(i));
            }
            waitUntil("the first rows arrived", () -> receiver.seqs.size() > 500);
            receiver.close();
            // Its reader threads may still be keeping a frame they read just before the close.
            waitUntil("the stopped receiver's readers have finished", receiver::stopped);
            Set<Long> before = Set.copyOf(receiver.seqs);
            // Written while the SIEM is down: kept in the file, sent once it is back.
            for (int i = 0; i < 3_000; i++) {
                log.record(AuditFixtures.navigation(i));
            }
            Thread.sleep(1_500);
            SyslogReceiver restarted = new SyslogReceiver(port);
            try (restarted) {
                log.close();
                long rows = rowsIn(file);
                waitUntil("every row arrived", () -> union(before, restarted.seqs) == rows);
                assertEquals(rows, union(before, restarted.seqs));
                waitUntil("the receiver's connection was confirmed up to the end", () -> forwarder.confirmedSeq() == rows);
                String one = restarted.messages.get(0);
                assertTrue(one.matches("^<134>1 \\S+ \\S+ chaperone \\d+ [A-Z_]+ \\[chaperone@32473 seq=\"\\d+\" "
                        + "session=\"[^\"]+\"] \\{.*\\}$"), one);
            }
        }
    }

    @Test
    void aRestartResumesWhereForwardingStopped() throws Exception {
        Path file = dir.resolve("audit.db");
        Set<Long> received = ConcurrentHashMap.newKeySet();
        int[] failNext = {0};
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Pattern seq = Pattern.compile("\"sequence\":(\\d+)");
        collector.createContext("/ingest", ex -> {
            try (ex) {
                if (failNext[0]-- > 0) {
                    ex.sendResponseHeaders(503, -1);
                    return;
                }
                Matcher m = seq.matcher(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    received.add(Long.parseLong(m.group(1)));
                }
                ex.sendResponseHeaders(204, -1);
            }
        });
        collector.start();
        URI url = URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/ingest");
        try {
            try (SqliteAuditLog log = SqliteAuditLog.open(file)) {
                for (int i = 0; i < 1_200; i++) {
                    log.record(AuditFixtures.navigation(i));
                }
            }
            long rows = rowsIn(file);
            failNext[0] = 3; // The collector is overloaded for a moment.
            try (AuditForwarder first = new AuditForwarder(file, new HttpsDestination(url, Optional.of("t"),
                    SSLContext.getDefault()), ExportFormat.OCSF, new OcsfMapper("test")).start()) {
                waitUntil("part of it was sent", () -> first.confirmedSeq() >= 500);
            }
            long sentByTheFirst = received.size();
            received.clear();
            try (AuditForwarder second = new AuditForwarder(file, new HttpsDestination(url, Optional.of("t"),
                    SSLContext.getDefault()), ExportFormat.OCSF, new OcsfMapper("test")).start()) {
                waitUntil("the rest was sent", () -> second.confirmedSeq() == rows);
            }
            assertTrue(sentByTheFirst + received.size() >= rows);
            assertEquals(rows - sentByTheFirst, received.stream().filter(s -> s > sentByTheFirst).count(),
                    "the second run sent what the first had not, and nothing was skipped");
        } finally {
            collector.stop(0);
        }
    }

    private static long union(Set<Long> a, Set<Long> b) {
        Set<Long> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all.size();
    }

    static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Timed out waiting until " + what);
    }
}
