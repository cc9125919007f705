package dev.chaperone.broker.client;

import dev.chaperone.core.files.PrivateFiles;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Crash safety for task tokens: each token is written here (owner-only, in the session's
 * directory) the moment it exists, so that if the process is killed the next start can revoke
 * what was left live at the broker before anything else runs. The session end wipes the file
 * with the rest of the session's directory.
 *
 * <p>One line per token: the broker's issuer and the token, each Base64url, separated by a space.
 */
public final class TokenJournal {
    public static final String FILE_NAME = "tokens.journal";

    private final Path file;

    private TokenJournal(Path file) {
        this.file = file;
    }

    public static TokenJournal in(Path sessionDir) {
        return new TokenJournal(sessionDir.resolve(FILE_NAME));
    }

    /** Written and forced to disk before the token is used: a crash a moment later still finds it. */
    public synchronized void record(URI issuer, String token) throws IOException {
        if (!Files.exists(file)) {
            PrivateFiles.newFile(file);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            out.write(encode(issuer.toString()) + " " + encode(token) + "\n");
        }
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** A token a killed session left behind. */
    public record Entry(URI issuer, String token) {
        @Override
        public String toString() {
            return "Entry[issuer=" + issuer + ", token=<redacted>]";
        }
    }

    /** What a killed session left; lines that cannot be read (a write cut by the kill) are skipped. */
    public List<Entry> entries() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            if (parts.length == 2) {
                try {
                    entries.add(new Entry(URI.create(decode(parts[0])), decode(parts[1])));
                } catch (IllegalArgumentException torn) {
                    // A half-written line from the moment of the crash: nothing usable in it.
                }
            }
        }
        return entries;
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    }
}
