package dev.chaperone.broker.client;

import dev.chaperone.core.files.PrivateFiles;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private AssistantKeyStore() {
    }

    public static ECKey loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IOException("Cannot generate the assistant's key: " + e.getMessage(), e);
        }
        // Created owner-only, so the private key is never briefly world-readable; a start that raced
        // this one and created it first wins, and its key is used.
        return PrivateFiles.createWithText(file, key.toJSONString()) ? key : load(file);
    }

    /** The embedded mode's client id is derived from the key, so it is stable for as long as the key is. */
    public static String clientIdFor(JWK key) {
        try {
            return "assistant-" + key.computeThumbprint().toString().substring(0, 12);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot fingerprint the assistant's key", e);
        }
    }

    /**
     * Makes a new key in place of the old one (the old file is kept as {@code .previous} until the
     * broker knows the new public key). Returns the new key.
     */
    public static ECKey rotate(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".previous"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return loadOrCreate(file);
    }

    /**
     * A key IT provisions in a PKCS#12 file (EC or RSA), with its password in a file of its own.
     * Both files must be readable by the owner alone.
     */
    public static JWK loadPkcs12(Path file, Optional<String> alias, Path passwordFile) throws IOException {
        requireOwnerOnly(file);
        requireOwnerOnly(passwordFile);
        char[] password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
        try (var in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String name = alias.orElseGet(() -> firstKeyAlias(store));
            if (name == null || !store.isKeyEntry(name)) {
                throw new IOException("The key file " + file + " holds no private key" + alias.map(a -> " named " + a).orElse(""));
            }
            return jwkOf(store.getKey(name, password), store.getCertificate(name), file);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IOException("The key file " + file + " cannot be opened: " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The entry as a JWK, built here rather than with {@code JWK.load}, which needs BouncyCastle
     * for EC keys. The key id is the RFC 7638 thumbprint, so it is the same wherever the file goes.
     */
    private static JWK jwkOf(java.security.Key privateKey, java.security.cert.Certificate certificate, Path file)
            throws IOException, JOSEException {
        if (certificate == null) {
            throw new IOException("The key file " + file + " has no certificate with the assistant's public key");
        }
        JWK key;
        if (privateKey instanceof ECPrivateKey ec && certificate.getPublicKey() instanceof ECPublicKey pub) {
            key = new ECKey.Builder(Curve.forECParameterSpec(pub.getParams()), pub).privateKey(ec)
                    .keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint().build();
        } else if (privateKey instanceof RSAPrivateKey rsa && certificate.getPublicKey() instanceof RSAPublicKey pub) {
            key = new RSAKey.Builder(pub).privateKey(rsa).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint().build();
        } else {
            throw new IOException("The key file " + file + " holds a key that is neither EC nor RSA");
        }
        return key;
    }

    private static String firstKeyAlias(KeyStore store) {
        try {
            for (String name : Collections.list(store.aliases())) {
                if (store.isKeyEntry(name)) {
                    return name;
                }
            }
            return null;
        } catch (KeyStoreException e) {
            return null;
        }
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        if (PrivateFiles.othersMayUse(file)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            throw new IOException("The assistant's key file " + file + " can be read by other users ("
                    + PosixFilePermissions.toString(perms) + "). Run: chmod 600 " + file);
        }
    }

    private static ECKey load(Path file) throws IOException {
        requireOwnerOnly(file);
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
