package dev.chaperone.audit;

import dev.chaperone.core.files.PrivateFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.chaperone.core.audit.AuditEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Moves the oldest rows into a signed archive file when the retention says so: the rows as JSON
 * lines, and beside them a manifest (JWS) naming the file's SHA-256, its first and last rows and
 * the hashes that tie it to the chain. The file's chain then starts from that manifest.
 */
final class AuditArchiver {
    /** Where the chain in the file starts, and the manifest of the archive before it. */
    record Base(long firstSeq, String prevHash, String manifest) {}

    private final Connection db;
    private final Path auditFile;
    private final AuditSigningKey key;

    AuditArchiver(Connection db, Path auditFile, AuditSigningKey key) {
        this.db = db;
        this.auditFile = auditFile;
        this.key = key;
    }

    static Path archiveDirFor(Path auditFile) {
        return auditFile.resolveSibling(auditFile.getFileName() + ".archive");
    }

    static Optional<Base> base(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT first_seq, prev_hash, manifest FROM audit_base WHERE id = 1")) {
            return rs.next() ? Optional.of(new Base(rs.getLong(1), rs.getString(2), rs.getString(3))) : Optional.empty();
        }
    }

    /** Archives what the retention no longer keeps; returns the event to record, if anything moved. */
    Optional<AuditEvent.AuditArchived> rollOver(Retention retention, Instant now) throws SQLException {
        if (retention.keepsAll()) {
            return Optional.empty();
        }
        long first;
        long last;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT min(seq), max(seq) FROM audit_event")) {
            rs.next();
            first = rs.getLong(1);
            last = rs.getLong(2);
            if (rs.wasNull()) {
                return Optional.empty();
            }
        }
        long cut = retention.maxEvents() > 0 ? last - retention.maxEvents() : first - 1;
        if (retention.maxAge().isPresent()) {
            cut = Math.max(cut, lastRowBefore(now.minus(retention.maxAge().get())));
        }
        if (cut < first) {
            return Optional.empty();
        }
        return Optional.of(archive(first, cut));
    }

    private long lastRowBefore(Instant cutoff) throws SQLException {
        long lastOld = 0;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, at FROM audit_event ORDER BY seq")) {
            while (rs.next() && Instant.parse(rs.getString(2)).isBefore(cutoff)) {
                lastOld = rs.getLong(1);
            }
        }
        return lastOld;
    }

    private AuditEvent.AuditArchived archive(long first, long cut) throws SQLException {
        Path dir = archiveDirFor(auditFile);
        String name = String.format("audit-%012d-%012d.jsonl", first, cut);
        Path target = dir.resolve(name);
        String firstPrev = null;
        String lastHash = null;
        long rows = 0;
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
            PrivateFiles.directory(dir);
            Files.deleteIfExists(target); // what a failed earlier attempt left
            PrivateFiles.newFile(target);
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha);
                 BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
                 PreparedStatement ps = db.prepareStatement("SELECT seq, at, type, session, who, event, prev_hash, hash "
                         + "FROM audit_event WHERE seq <= ? ORDER BY seq")) {
                ps.setLong(1, cut);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AuditRow row = new AuditRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
                        firstPrev = firstPrev == null ? row.prevHash() : firstPrev;
                        lastHash = row.hash();
                        rows++;
                        w.write(AuditCodec.JSON.writeValueAsString(row));
                        w.newLine();
                    }
                }
            }
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AuditStoreException("Cannot write the audit archive " + target + ": " + e.getMessage(), e);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("file", name);
        claims.put("sha256", HexFormat.of().formatHex(sha.digest()));
        claims.put("firstSeq", first);
        claims.put("lastSeq", cut);
        claims.put("rows", rows);
        claims.put("firstPrevHash", firstPrev);
        claims.put("lastHash", lastHash);
        String manifest = key.sign(AuditSigningKey.MANIFEST, claims);
        try {
            PrivateFiles.replace(dir.resolve(name + ".jws"), manifest);
        } catch (IOException e) {
            throw new AuditStoreException("Cannot write the archive manifest for " + target + ": " + e.getMessage(), e);
        }
        boolean auto = db.getAutoCommit();
        db.setAutoCommit(false);
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM audit_event WHERE seq <= ?");
             PreparedStatement base = db.prepareStatement(
                     "INSERT OR REPLACE INTO audit_base(id, first_seq, prev_hash, manifest) VALUES (1, ?, ?, ?)")) {
            delete.setLong(1, cut);
            delete.executeUpdate();
            base.setLong(1, cut + 1);
            base.setString(2, lastHash);
            base.setString(3, manifest);
            base.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(auto);
        }
        return new AuditEvent.AuditArchived(name, first, cut);
    }

    static AuditRow parseLine(String line) throws JsonProcessingException {
        return AuditCodec.JSON.readValue(line, AuditRow.class);
    }
}
