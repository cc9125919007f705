package dev.chaperone.broker.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;
import java.util.UUID;

/**
 * The assistant's own key pair: created on first run, kept in the app's data directory readable by
 * the owner alone. A key file others can read is refused, not silently used.
 */
public final class AssistantKeyStore {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AssistantKeyStore() {
    }

    public static ECKey loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IOException("Cannot generate the assistant's key: " + e.getMessage(), e);
        }
        try {
            // Created with owner-only permissions, so the private key is never briefly world-readable.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException raced) {
            return load(file);
        }
        Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return key;
    }

    private static ECKey load(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IOException("The assistant's key file " + file + " can be read by other users ("
                    + PosixFilePermissions.toString(perms) + "). Run: chmod 600 " + file);
        }
        try {
            ECKey key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!key.isPrivate()) {
                throw new IOException("The assistant's key file " + file + " holds no private key");
            }
            return key;
        } catch (ParseException e) {
            throw new IOException("The assistant's key file " + file + " is damaged: " + e.getMessage(), e);
        }
    }
}
