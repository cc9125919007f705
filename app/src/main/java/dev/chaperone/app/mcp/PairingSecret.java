package dev.chaperone.app.mcp;

import dev.chaperone.core.files.PrivateFiles;

import dev.chaperone.app.AppPaths;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret an MCP client shows to reach {@code chaperone mcp --http}: 256 random bits, kept
 * owner-only in the user's data folder, so only this user (and what they hand it to) can connect.
 */
public final class PairingSecret {
    static final String FILE_NAME = "mcp-pairing-secret";

    private PairingSecret() {
    }

    public static String loadOrCreate(AppPaths paths) throws IOException {
        Path file = paths.dataDir().resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            // Another start may make it first; then theirs is used.
            PrivateFiles.createWithText(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        }
        return Files.readString(file).trim();
    }
}
