package dev.chaperone.app;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.chaperone.audit.AuditFile;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.audit.export.AuditForwarder;
import dev.chaperone.config.AuditSettings;
import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.AuditEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IT's forwarding settings, end to end over TLS: a syslog receiver (RFC 5425) and an HTTPS
 * collector, each with a certificate from a private CA that only the configured {@code caFile}
 * trusts. The certificate is made by the JDK's keytool, as an admin would.
 */
class AuditForwardingTest {
    @TempDir
    Path dir;
    Path keystore;
    Path caFile;
    SSLContext serverTls;

    @BeforeEach
    void certificate() throws Exception {
        keystore = dir.resolve("siem.p12");
        caFile = dir.resolve("siem-ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "siem", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "siem", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caFile.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    private Path auditWithEvents() {
        Path file = dir.resolve("audit.db");
        try (SqliteAuditLog log = SqliteAuditLog.open(file)) {
            for (int i = 0; i < 50; i++) {
                log.record(new AuditEntry(Instant.now(), Optional.empty(), new AuditEvent.LeftoversWiped("/tmp/" + i, i)));
            }
        }
        return file;
    }

    private static long lastSeq(Path file) {
        try (AuditFile f = AuditFile.open(file)) {
            List<dev.chaperone.audit.AuditRow> rows = f.rows();
            return rows.get(rows.size() - 1).seq();
        }
    }

    @Test
    void syslogOverTlsTrustsOnlyTheConfiguredCa() throws Exception {
        Path file = auditWithEvents();
        List<String> received = new CopyOnWriteArrayList<>();
        try (SSLServerSocket server = (SSLServerSocket) serverTls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread receiver = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    byte[] buffer = new byte[8192];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        received.add(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (Exception closed) {
                    // The test is over.
                }
            });
            receiver.setDaemon(true);
            receiver.start();
            AuditSettings settings = new AuditSettings(Optional.empty(), 0, List.of(new AuditSettings.Syslog("127.0.0.1",
                    server.getLocalPort(), true, Optional.of(caFile), AuditSettings.Format.OCSF)));
            List<AuditForwarder> forwarders = AuditForwarding.start(file, settings, "test");
            try {
                waitUntil("the forwarder confirmed every row", () -> forwarders.get(0).confirmedSeq() == lastSeq(file));
                // Confirmed means written to the connection; the receiver's thread reads it in its own time.
                String last = "seq=\"" + lastSeq(file) + "\"";
                waitUntil("the receiver has read up to the last row", () -> String.join("", received).contains(last));
            } finally {
                forwarders.forEach(AuditForwarder::close);
            }
        }
        String all = String.join("", received);
        assertTrue(all.contains("seq=\"1\"") && all.contains("\"class_uid\":0"), all);
    }

    @Test
    void httpsCollectorGetsTheBearerAndEveryRow() throws Exception {
        Path file = auditWithEvents();
        Files.writeString(dir.resolve("hec-token"), "secret-collector-token\n");
        List<String> authorizations = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpsServer collector = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        collector.createContext("/ingest", ex -> {
            try (ex) {
                authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
                lines.addAll(List.of(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("\n")));
                ex.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
        try {
            AuditSettings settings = new AuditSettings(Optional.empty(), 0, List.of(new AuditSettings.Https(
                    URI.create("https://127.0.0.1:" + collector.getAddress().getPort() + "/ingest"),
                    Optional.of(dir.resolve("hec-token")), Optional.of(caFile), AuditSettings.Format.JSONL)));
            List<AuditForwarder> forwarders = AuditForwarding.start(file, settings, "test");
            try {
                waitUntil("the forwarder confirmed every row", () -> forwarders.get(0).confirmedSeq() == lastSeq(file));
            } finally {
                forwarders.forEach(AuditForwarder::close);
            }
        } finally {
            collector.stop(0);
        }
        assertEquals(lastSeq(file), lines.size());
        assertTrue(lines.get(0).startsWith("{\"seq\":1,"), lines.get(0));
        assertTrue(authorizations.stream().allMatch("Bearer secret-collector-token"::equals), authorizations.toString());
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
