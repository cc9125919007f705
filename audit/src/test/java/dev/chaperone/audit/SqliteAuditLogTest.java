package dev.chaperone.audit;

import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditEventType;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteAuditLogTest {
    static final Attribution WHO = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-1", "A"),
            new Task("t1", "Invoices", Origin.parse("http://127.0.0.1:1"), "http://127.0.0.1:1", Set.of("r")), "s1");

    @TempDir
    Path dir;

    @Test
    void rowsKeepOrderAttributionAndSurviveReopening() {
        Path file = dir.resolve("audit.db");
        try (SqliteAuditLog log = SqliteAuditLog.open(file)) {
            log.record(AuditEvent.of(AuditEventType.SESSION_STARTED, WHO));
            log.record(AuditEvent.of(AuditEventType.NAVIGATION, WHO, Map.of("url", "http://127.0.0.1:1/")));
        }
        try (SqliteAuditLog log = SqliteAuditLog.open(file)) {
            log.record(AuditEvent.of(AuditEventType.SESSION_ENDED, WHO));
            List<SqliteAuditLog.AuditRow> rows = log.rows();
            assertEquals(List.of("SESSION_STARTED", "NAVIGATION", "SESSION_ENDED"), rows.stream().map(SqliteAuditLog.AuditRow::type).toList());
            assertEquals("alice", rows.get(1).human());
            assertEquals("assistant-1", rows.get(1).assistant());
            assertEquals("http://127.0.0.1:1/", rows.get(1).details().get("url"));
            assertTrue(log.verify().intact(), log.verify().describe());
        }
    }

    @Test
    void anEditedRowIsDetected() throws Exception {
        assertTampered("UPDATE audit_event SET human='mallory' WHERE seq=2", 2);
    }

    @Test
    void aDeletedRowIsDetected() throws Exception {
        assertTampered("DELETE FROM audit_event WHERE seq=2", 3);
    }

    @Test
    void aRewrittenHashIsDetectedByTheNextRow() throws Exception {
        assertTampered("UPDATE audit_event SET details='{}', hash='" + "1".repeat(64) + "' WHERE seq=2", 2);
    }

    private void assertTampered(String sql, long expectedBadRow) throws Exception {
        Path file = dir.resolve("t.db");
        try (SqliteAuditLog log = SqliteAuditLog.open(file)) {
            for (int i = 0; i < 4; i++) {
                log.record(AuditEvent.of(AuditEventType.NAVIGATION, WHO, Map.of("i", Integer.toString(i))));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
        try (SqliteAuditLog log = SqliteAuditLog.open(file)) {
            ChainVerification v = log.verify();
            assertFalse(v.intact());
            assertEquals(expectedBadRow, v.firstBadRow(), v.describe());
        }
    }
}
