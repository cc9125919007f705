package dev.chaperone.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The tables of the audit file, created on first open. */
final class AuditSchema {
    private AuditSchema() {
    }

    static void create(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            if (hasLegacyTable(s)) {
                // Rows of the first, untyped format are kept, not mixed into the new chain.
                s.execute("ALTER TABLE audit_event RENAME TO audit_event_v0");
            }
            s.execute("""
                    CREATE TABLE IF NOT EXISTS audit_event (
                      seq INTEGER PRIMARY KEY,
                      at TEXT NOT NULL,
                      type TEXT NOT NULL,
                      session TEXT,
                      who TEXT,
                      event TEXT NOT NULL,
                      prev_hash TEXT NOT NULL,
                      hash TEXT NOT NULL)""");
            // Where the chain starts once old rows were archived: the signed manifest of the newest archive.
            s.execute("""
                    CREATE TABLE IF NOT EXISTS audit_base (
                      id INTEGER PRIMARY KEY CHECK (id = 1),
                      first_seq INTEGER NOT NULL,
                      prev_hash TEXT NOT NULL,
                      manifest TEXT NOT NULL)""");
        }
    }

    private static boolean hasLegacyTable(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pragma_table_info('audit_event') WHERE name = 'details'")) {
            return rs.next();
        }
    }
}
