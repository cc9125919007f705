package dev.chaperone.audit;

import dev.chaperone.core.files.PrivateFiles;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Map;

/**
 * The install's audit key (EC P-256): it signs checkpoints and archive manifests, so that a
 * truncated or rewritten log no longer matches a signature. Kept owner-only next to the audit file;
 * its public half (and thumbprint) is what verifiers and the SIEM pin.
 */
public final class AuditSigningKey {
    public static final String FILE_NAME = "audit-signing.jwk";
    static final JOSEObjectType CHECKPOINT = new JOSEObjectType("chaperone-audit-checkpoint");
    static final JOSEObjectType MANIFEST = new JOSEObjectType("chaperone-audit-archive");

    private final ECKey key;

    private AuditSigningKey(ECKey key) {
        this.key = key;
    }

    /** The key file beside the audit file. */
    public static Path fileFor(Path auditFile) {
        return auditFile.toAbsolutePath().resolveSibling(FILE_NAME);
    }

    public static AuditSigningKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return new AuditSigningKey(ECKey.parse(Files.readString(file)));
            }
            ECKey created = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            PrivateFiles.newFile(tmp);
            Files.writeString(tmp, created.toJSONString());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return new AuditSigningKey(created);
        } catch (IOException | ParseException | JOSEException e) {
            throw new AuditStoreException("Cannot load or create the audit signing key at " + file + ": " + e.getMessage(), e);
        }
    }

    /** The public half, for a verifier that must not hold the private key. */
    public static ECKey publicKeyFrom(Path file) throws IOException, ParseException {
        return ECKey.parse(Files.readString(file)).toPublicJWK();
    }

    public ECKey publicKey() {
        return key.toPublicJWK();
    }

    String sign(JOSEObjectType type, Map<String, Object> claims) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(key.getKeyID()).build(),
                    new Payload(claims));
            jws.sign(new ECDSASigner(key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new AuditStoreException("Cannot sign an audit " + type + ": " + e.getMessage(), e);
        }
    }

    /** The signed claims, or empty if the signature is not by {@code publicKey} or the type differs. */
    static java.util.Optional<Map<String, Object>> verified(String compact, JOSEObjectType type, ECKey publicKey) {
        try {
            JWSObject jws = JWSObject.parse(compact);
            if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) || !type.equals(jws.getHeader().getType())
                    || !jws.verify(new ECDSAVerifier(publicKey))) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(jws.getPayload().toJSONObject());
        } catch (ParseException | JOSEException e) {
            return java.util.Optional.empty();
        }
    }
}
