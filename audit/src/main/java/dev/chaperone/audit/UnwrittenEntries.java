package dev.chaperone.audit;

import dev.chaperone.core.files.PrivateFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaperone.core.audit.AuditEntry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where entries go that the store could not write (disk full, file locked): one JSON line each in
 * a side file, synced. The next open puts them into the chain, so a failed store loses nothing it
 * was given, including the end of the session it stopped.
 */
final class UnwrittenEntries {
    private final Path file;

    UnwrittenEntries(Path auditFile) {
        this.file = auditFile.resolveSibling(auditFile.getFileName() + ".unwritten.jsonl");
    }

    Path file() {
        return file;
    }

    /** Best effort: if even this fails, the entries are named on stderr. */
    synchronized void save(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (AuditEntry entry : entries) {
            ObjectNode line = AuditCodec.JSON.createObjectNode().put("at", entry.at().toString())
                    .put("type", entry.event().type());
            line.set("who", entry.who().map(w -> (JsonNode) AuditCodec.JSON.valueToTree(w)).orElse(null));
            line.set("event", AuditCodec.JSON.valueToTree(entry.event()));
            lines.append(line).append('\n');
        }
        try {
            if (!Files.exists(file)) {
                PrivateFiles.newFile(file);
            }
        } catch (IOException raced) {
            // Created meanwhile (or not creatable, which the append below reports).
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        } catch (IOException e) {
            System.err.println("chaperone: " + entries.size() + " audit entries could not be kept anywhere ("
                    + e.getMessage() + "):\n" + lines);
        }
    }

    /** Moves the side file aside and returns its entries, oldest first; empty when there is none. */
    Optional<Taken> take() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Path taking = file.resolveSibling(file.getFileName() + ".recovering");
        try {
            Files.move(file, taking, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<AuditEntry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(taking, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = AuditCodec.JSON.readTree(line);
                JsonNode who = node.get("who");
                entries.add(new AuditEntry(Instant.parse(node.get("at").asText()),
                        who == null || who.isNull() ? Optional.empty() : Optional.of(AuditCodec.who(who.toString())),
                        AuditCodec.event(node.get("type").asText(), node.get("event").toString())));
            }
            return Optional.of(new Taken(taking, entries));
        } catch (IOException | RuntimeException e) {
            throw new AuditStoreException("The audit entries kept in " + file + " after a failure cannot be read: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    /** Entries taken from the side file, and the moved file to delete once they are written. */
    record Taken(Path file, List<AuditEntry> entries) {}
}
