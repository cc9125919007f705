package dev.chaperone.audit;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditReader;
import dev.chaperone.core.audit.RecordedEntry;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An audit file opened for reading only: the command line, exports, forwarding and verification
 * read through this, never through the writer, so reading cannot change the file or slow the gate.
 */
public final class AuditFile implements AuditReader, AutoCloseable {
    private static final String COLUMNS = "seq, at, type, session, who, event, prev_hash, hash";
    private final Path file;
    private final Connection db;

    private AuditFile(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static AuditFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AuditStoreException("There is no audit log at " + file, null);
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            AuditFile opened = new AuditFile(file.toAbsolutePath(), db);
            try {
                opened.forEachRow(0, 1, row -> { });
            } catch (AuditStoreException e) {
                opened.close();
                throw new AuditStoreException("The audit log at " + file + " is damaged or not an audit log: "
                        + e.getCause().getMessage(), e.getCause());
            }
            return opened;
        } catch (SQLException e) {
            throw new AuditStoreException("The audit log at " + file + " is damaged or not an audit log: "
                    + e.getMessage(), e);
        }
    }

    /** Where the newest checkpoint is kept beside the file. */
    public static Path checkpointFileFor(Path auditFile) {
        return auditFile.resolveSibling(auditFile.getFileName() + ".checkpoint");
    }

    public Path file() {
        return file;
    }

    @Override
    public List<RecordedEntry> readAfter(long afterSeq, int limit) {
        List<RecordedEntry> entries = new ArrayList<>();
        forEachRow(afterSeq, limit, row -> entries.add(row.toEntry()));
        return entries;
    }

    /** Every row, oldest first (for tests and small files; large ones go through {@link #forEachRow}). */
    public List<AuditRow> rows() {
        List<AuditRow> rows = new ArrayList<>();
        forEachRow(0, Integer.MAX_VALUE, rows::add);
        return rows;
    }

    /** Streams rows with a sequence number above {@code afterSeq}, oldest first. */
    public void forEachRow(long afterSeq, int limit, Consumer<AuditRow> action) {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + COLUMNS
                + " FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    action.accept(new AuditRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        } catch (SQLException e) {
            throw new AuditStoreException("Cannot read the audit log at " + file + ": " + e.getMessage(), e);
        }
    }

    Optional<AuditArchiver.Base> base() {
        try {
            return AuditArchiver.base(db);
        } catch (SQLException e) {
            throw new AuditStoreException("Cannot read where the audit chain starts: " + e.getMessage(), e);
        }
    }

    /**
     * Re-checks everything: each row's hash and link, each checkpoint's signature and head, the
     * newest checkpoint kept beside the file (a cut-off tail), and the archives the chain starts from.
     */
    public Verification verify(ECKey publicKey) {
        return new AuditVerifier(this, publicKey).run();
    }

    /** The newest checkpoint kept beside the file, if there is one. */
    Optional<String> sidecarCheckpoint() {
        Path sidecar = checkpointFileFor(file);
        try {
            return Files.exists(sidecar) ? Optional.of(Files.readString(sidecar).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new AuditStoreException("Cannot read " + sidecar + ": " + e.getMessage(), e);
        }
    }

    static String checkpointType() {
        return AuditEvent.typeOf(AuditEvent.AuditCheckpointed.class);
    }

    static long claimLong(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        return value instanceof Number n ? n.longValue() : -1;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new AuditStoreException("Cannot close the audit log: " + e.getMessage(), e);
        }
    }
}
