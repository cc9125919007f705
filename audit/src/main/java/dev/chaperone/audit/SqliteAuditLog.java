package dev.chaperone.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditLog;
import dev.chaperone.core.session.Attribution;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local, tamper-evident audit log: one SQLite file, one row per event, each row's hash
 * covering its content and the previous row's hash. Editing, deleting or reordering any row
 * breaks every hash after it, which {@link #verify()} reports.
 */
public final class SqliteAuditLog implements AuditLog, AutoCloseable {
    static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection db;
    private String lastHash;
    private long lastSeq;

    private SqliteAuditLog(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // FULL: an event the gate was told is recorded must survive a power cut.
            s.execute("PRAGMA synchronous=FULL");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS audit_event (
                      seq INTEGER PRIMARY KEY,
                      at TEXT NOT NULL,
                      type TEXT NOT NULL,
                      human TEXT,
                      assistant TEXT,
                      task TEXT,
                      session TEXT,
                      details TEXT NOT NULL,
                      prev_hash TEXT NOT NULL,
                      hash TEXT NOT NULL)""");
            try (ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")) {
                lastSeq = rs.next() ? rs.getLong(1) : 0;
                lastHash = lastSeq == 0 ? GENESIS : rs.getString(2);
            }
        }
    }

    public static SqliteAuditLog open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            return new SqliteAuditLog(DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()));
        } catch (SQLException | java.io.IOException e) {
            throw new AuditStoreException("Cannot open the audit log at " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void record(AuditEvent event) {
        AuditRow row = AuditRow.of(lastSeq + 1, event, lastHash);
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO audit_event(seq, at, type, human, assistant, task, session, details, prev_hash, hash) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, row.seq());
            ps.setString(2, row.at());
            ps.setString(3, row.type());
            ps.setString(4, row.human());
            ps.setString(5, row.assistant());
            ps.setString(6, row.task());
            ps.setString(7, row.session());
            ps.setString(8, row.detailsJson());
            ps.setString(9, row.prevHash());
            ps.setString(10, row.hash());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new AuditStoreException("Cannot write to the audit log: " + e.getMessage(), e);
        }
        lastSeq = row.seq();
        lastHash = row.hash();
    }

    public synchronized List<AuditRow> rows() {
        List<AuditRow> rows = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, at, type, human, assistant, task, session, details, prev_hash, hash "
                     + "FROM audit_event ORDER BY seq")) {
            while (rs.next()) {
                rows.add(new AuditRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)));
            }
        } catch (SQLException e) {
            throw new AuditStoreException("Cannot read the audit log: " + e.getMessage(), e);
        }
        return rows;
    }

    /** Re-computes the whole chain. */
    public ChainVerification verify() {
        String expectedPrev = GENESIS;
        long expectedSeq = 1;
        List<AuditRow> rows = rows();
        for (AuditRow row : rows) {
            if (row.seq() != expectedSeq) {
                return ChainVerification.broken(rows.size(), row.seq(), "row " + expectedSeq + " is missing");
            }
            if (!row.prevHash().equals(expectedPrev)) {
                return ChainVerification.broken(rows.size(), row.seq(), "does not follow the row before it");
            }
            if (!row.hash().equals(row.computeHash())) {
                return ChainVerification.broken(rows.size(), row.seq(), "its content was changed after it was written");
            }
            expectedPrev = row.hash();
            expectedSeq++;
        }
        return ChainVerification.intact(rows.size());
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new AuditStoreException("Cannot close the audit log: " + e.getMessage(), e);
        }
    }

    /** One stored row as it is on disk. */
    public record AuditRow(long seq, String at, String type, String human, String assistant, String task,
                           String session, String detailsJson, String prevHash, String hash) {

        static AuditRow of(long seq, AuditEvent event, String prevHash) {
            Attribution who = event.attribution();
            String details;
            try {
                details = JSON.writeValueAsString(event.details());
            } catch (JsonProcessingException e) {
                throw new AuditStoreException("Cannot encode audit details: " + e.getMessage(), e);
            }
            AuditRow unsigned = new AuditRow(seq, event.at().toString(), event.type().name(),
                    who == null ? null : who.human().subject(),
                    who == null ? null : who.assistant().clientId(),
                    who == null ? null : who.task().id(),
                    who == null ? null : who.sessionId(), details, prevHash, "");
            return new AuditRow(seq, unsigned.at, unsigned.type, unsigned.human, unsigned.assistant, unsigned.task,
                    unsigned.session, details, prevHash, unsigned.computeHash());
        }

        /** SHA-256 over a canonical JSON of every column but the hash itself. */
        String computeHash() {
            Map<String, Object> canonical = new LinkedHashMap<>();
            canonical.put("seq", seq);
            canonical.put("at", at);
            canonical.put("type", type);
            canonical.put("human", human);
            canonical.put("assistant", assistant);
            canonical.put("task", task);
            canonical.put("session", session);
            canonical.put("details", detailsJson);
            canonical.put("prev", prevHash);
            try {
                byte[] bytes = JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (JsonProcessingException | NoSuchAlgorithmException e) {
                throw new AuditStoreException("Cannot hash an audit row: " + e.getMessage(), e);
            }
        }

        public Map<String, String> details() {
            try {
                return JSON.readValue(detailsJson, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
            } catch (JsonProcessingException e) {
                throw new AuditStoreException("Row " + seq + " has unreadable details", e);
            }
        }
    }
}
