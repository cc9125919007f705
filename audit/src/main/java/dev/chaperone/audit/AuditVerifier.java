package dev.chaperone.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.jwk.ECKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Walks an audit file once, oldest row first, and stops at the first problem:
 * <ul>
 *   <li>the archives the chain starts from (manifest signature, file hash, rows, continuity);</li>
 *   <li>each row's number, link to the row before and hash (an edited, deleted or reordered row);</li>
 *   <li>each checkpoint row's signature, count and head;</li>
 *   <li>the newest checkpoint kept beside the file: rows it covers that are gone are a cut-off tail.</li>
 * </ul>
 */
final class AuditVerifier {
    private final AuditFile file;
    private final ECKey publicKey;
    private long expectedSeq = 1;
    private String expectedPrev = AuditRow.GENESIS;
    private long rows;
    private long firstSeq;
    private int checkpoints;
    private int archives;
    private long problemRow;
    private String problem;
    private long sidecarEvents = -1;
    private String sidecarHead;

    AuditVerifier(AuditFile file, ECKey publicKey) {
        this.file = file;
        this.publicKey = publicKey;
    }

    Verification run() {
        if (!checkArchives() || !readSidecar()) {
            return result();
        }
        firstSeq = expectedSeq;
        file.forEachRow(0, Integer.MAX_VALUE, row -> {
            if (problem == null) {
                check(row);
            }
        });
        if (problem == null && sidecarEvents >= expectedSeq) {
            problem = "the end of the log is missing: the newest signed checkpoint covers " + sidecarEvents
                    + " events, but the file ends at row " + (expectedSeq - 1);
        }
        return result();
    }

    private Verification result() {
        return new Verification(problem == null, rows, rows == 0 ? 0 : firstSeq, expectedSeq - 1, checkpoints, archives,
                problemRow, problem == null ? "" : problem);
    }

    private void check(AuditRow row) {
        if (row.seq() != expectedSeq) {
            fail(row.seq(), row.seq() > expectedSeq
                    ? "follows row " + (expectedSeq - 1) + ": rows " + expectedSeq + " to " + (row.seq() - 1) + " are missing"
                    : "is out of order");
            return;
        }
        if (!row.prevHash().equals(expectedPrev)) {
            fail(row.seq(), "does not follow the row before it (rows were removed, reordered or rewritten)");
            return;
        }
        if (!row.hash().equals(row.computeHash())) {
            fail(row.seq(), "was changed after it was written");
            return;
        }
        if (row.type().equals(AuditFile.checkpointType()) && !checkpointHolds(row)) {
            return;
        }
        if (row.seq() == sidecarEvents && !row.hash().equals(sidecarHead)) {
            fail(row.seq(), "differs from what the newest signed checkpoint says it was");
            return;
        }
        rows++;
        expectedSeq++;
        expectedPrev = row.hash();
    }

    private boolean checkpointHolds(AuditRow row) {
        String jws = row.field("signature");
        Optional<Map<String, Object>> claims = AuditSigningKey.verified(jws, AuditSigningKey.CHECKPOINT, publicKey);
        if (claims.isEmpty()) {
            fail(row.seq(), "is a checkpoint whose signature is not by this install's audit key");
            return false;
        }
        long events = AuditFile.claimLong(claims.get(), "events");
        if (events != row.seq() - 1 || !row.prevHash().equals(claims.get().get("head"))
                || !row.field("events").equals(Long.toString(events)) || !row.field("headHash").equals(claims.get().get("head"))) {
            fail(row.seq(), "is a checkpoint that does not match the rows before it");
            return false;
        }
        checkpoints++;
        return true;
    }

    private boolean readSidecar() {
        Optional<String> jws = file.sidecarCheckpoint();
        if (jws.isEmpty()) {
            return true;
        }
        Optional<Map<String, Object>> claims = AuditSigningKey.verified(jws.get(), AuditSigningKey.CHECKPOINT, publicKey);
        if (claims.isEmpty()) {
            fail(0, "the checkpoint kept beside the file (" + AuditFile.checkpointFileFor(file.file()).getFileName()
                    + ") is not signed by this install's audit key");
            return false;
        }
        sidecarEvents = AuditFile.claimLong(claims.get(), "events");
        sidecarHead = String.valueOf(claims.get().get("head"));
        return true;
    }

    /** The chain starts at the base the newest archive's manifest names; every archive must hold. */
    private boolean checkArchives() {
        Optional<AuditArchiver.Base> base = file.base();
        if (base.isEmpty()) {
            return true;
        }
        Path dir = AuditArchiver.archiveDirFor(file.file());
        List<Path> manifests = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> listing = Files.list(dir)) {
                listing.filter(p -> p.getFileName().toString().endsWith(".jsonl.jws")).sorted().forEach(manifests::add);
            } catch (IOException e) {
                fail(0, "the archive folder " + dir + " cannot be read: " + e.getMessage());
                return false;
            }
        }
        for (Path manifest : manifests) {
            if (!archiveHolds(manifest)) {
                return false;
            }
        }
        AuditArchiver.Base b = base.get();
        if (expectedSeq != b.firstSeq() || !expectedPrev.equals(b.prevHash())) {
            fail(0, "the file starts at row " + b.firstSeq() + ", but the archives in " + dir + " end at row "
                    + (expectedSeq - 1) + " (an archive file is missing or the start of the file was changed)");
            return false;
        }
        return true;
    }

    private boolean archiveHolds(Path manifestFile) {
        String name = manifestFile.getFileName().toString().replaceFirst("\\.jws$", "");
        try {
            Optional<Map<String, Object>> claims = AuditSigningKey.verified(Files.readString(manifestFile).trim(),
                    AuditSigningKey.MANIFEST, publicKey);
            if (claims.isEmpty() || !name.equals(claims.get().get("file"))) {
                fail(0, "the archive manifest " + manifestFile.getFileName() + " is not signed by this install's audit key");
                return false;
            }
            Path archive = manifestFile.resolveSibling(name);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(archive), sha);
                 BufferedReader lines = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null && problem == null; line = lines.readLine()) {
                    check(AuditArchiver.parseLine(line));
                }
            }
            if (problem != null) {
                problem = problem + " (in the archive " + name + ")";
                return false;
            }
            if (!HexFormat.of().formatHex(sha.digest()).equals(claims.get().get("sha256"))
                    || AuditFile.claimLong(claims.get(), "lastSeq") != expectedSeq - 1) {
                fail(0, "the archive " + name + " is not the file its signed manifest describes");
                return false;
            }
            archives++;
            rows = 0;
            return true;
        } catch (IOException | NoSuchAlgorithmException e) {
            fail(0, "the archive " + name + " cannot be read: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            return false;
        }
    }

    private void fail(long row, String what) {
        problemRow = row;
        problem = what;
    }
}
