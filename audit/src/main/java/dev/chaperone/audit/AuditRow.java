package dev.chaperone.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.RecordedEntry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One stored row as it is on disk. Its hash covers every column and the previous row's hash, so
 * editing, deleting or reordering any row breaks the chain from there on.
 *
 * @param who the attribution as JSON, or null for workstation events
 */
public record AuditRow(long seq, String at, String type, String session, String who, String event,
                       String prevHash, String hash) {
    public static final String GENESIS = "0".repeat(64);

    static AuditRow of(long seq, AuditEntry entry, String prevHash) {
        String who = entry.who().map(AuditCodec::whoJson).orElse(null);
        String session = entry.who().map(w -> w.session()).orElse(null);
        AuditRow unhashed = new AuditRow(seq, entry.at().toString(), entry.event().type(), session, who,
                AuditCodec.eventJson(entry.event()), prevHash, "");
        return unhashed.withHash(unhashed.computeHash());
    }

    private AuditRow withHash(String newHash) {
        return new AuditRow(seq, at, type, session, who, event, prevHash, newHash);
    }

    /** SHA-256 over every column but the hash, each length-prefixed so no two rows hash alike. */
    public String computeHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seq).array());
            for (String column : new String[]{at, type, session, who, event, prevHash}) {
                byte[] bytes = column == null ? new byte[0] : column.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(column == null ? -1 : bytes.length).array());
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The typed entry; throws {@link AuditStoreException} if the row cannot be read as one. */
    public RecordedEntry toEntry() {
        return new RecordedEntry(seq, new AuditEntry(Instant.parse(at),
                Optional.ofNullable(who).map(AuditCodec::who), AuditCodec.event(type, event)));
    }

    /** One field of the event ({@code reason}, or nested: {@code token.tokenId}), as text; "" if absent. */
    public String field(String name) {
        try {
            JsonNode node = AuditCodec.JSON.readTree(event).at("/" + name.replace('.', '/'));
            return node.isMissingNode() ? "" : node.isValueNode() ? node.asText() : node.toString();
        } catch (JsonProcessingException e) {
            throw new AuditStoreException("Row " + seq + " has an unreadable event", e);
        }
    }

    /** The human's subject, or null for workstation events. */
    public String human() {
        return who == null ? null : AuditCodec.who(who).human();
    }
}
