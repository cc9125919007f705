package dev.chaperone.app.cli;

import dev.chaperone.app.Main;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code chaperone audit verify} exit codes, on real SQLite files. */
class AuditCommandTest {
    @TempDir
    Path dir;

    int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Test
    void intactTamperedAndMissingHaveTheirOwnExitCodes() throws Exception {
        Path file = dir.resolve("audit.db");
        try (SqliteAuditLog log = SqliteAuditLog.open(file)) {
            log.record(AuditEvent.of(AuditEventType.LEFTOVERS_WIPED, null, Map.of("files", "3")));
            log.record(AuditEvent.of(AuditEventType.LEFTOVERS_WIPED, null, Map.of("files", "4")));
        }
        assertEquals(0, run("audit", "verify", "--file", file.toString()));
        assertEquals(0, run("audit", "show", "--file", file.toString()));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_event SET details='{\"files\":\"0\"}' WHERE seq=1");
        }
        assertEquals(1, run("audit", "verify", "--file", file.toString()));
        assertEquals(2, run("audit", "verify", "--file", dir.resolve("nope.db").toString()));
    }
}
