package dev.chaperone.broker.client;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import dev.chaperone.broker.embedded.EmbeddedBroker;
import dev.chaperone.core.token.TaskToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key IT provisions: a PKCS#12 file made with the JDK's own keytool, as an IT script would. */
class Pkcs12KeyTest {
    @TempDir
    Path dir;

    Path keytool(String alias, String algorithm, String... extra) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(keytool, "-genkeypair", "-alias", alias,
                "-keyalg", algorithm, "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "it-secret",
                "-dname", "CN=chaperone-assistant", "-validity", "30"));
        command.addAll(java.util.List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
        return store;
    }

    Path passwordFile() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "it-secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void anEcKeyFromItsPkcs12FileAuthenticatesTheAssistantAtTheBroker() throws Exception {
        JWK key = AssistantKeyStore.loadPkcs12(keytool("assistant", "EC", "-groupname", "secp256r1"), Optional.empty(),
                passwordFile());
        assertEquals(KeyType.EC, key.getKeyType());
        assertTrue(key.isPrivate());
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            broker.registerAssistant("it-assistant", key.toECKey().toPublicJWK(), Set.of("finance-portal"), Set.of("invoices:read"));
            BrokerClient client = BrokerClient.discover(BrokerSettings.of(broker.issuer()),
                    new dev.chaperone.core.identity.AssistantIdentity("it-assistant", "IT's assistant"), key,
                    () -> broker.signInLocalUser("alice", "Alice"));
            TaskToken token = client.obtain(TokenExchangeTest.ALICE, new dev.chaperone.core.session.Task("t", "x",
                    dev.chaperone.core.identity.Origin.parse("http://127.0.0.1:9"), "finance-portal", Set.of("invoices:read")));
            assertEquals("it-assistant", token.delegation().actor());
        }
    }

    @Test
    void anRsaKeyLoadsByAliasAndUnsafeFilesAreRefused() throws Exception {
        Path store = keytool("rsa-assistant", "RSA", "-keysize", "2048");
        Path password = passwordFile();
        assertEquals(KeyType.RSA, AssistantKeyStore.loadPkcs12(store, Optional.of("rsa-assistant"), password).getKeyType());
        IOException wrongAlias = assertThrows(IOException.class,
                () -> AssistantKeyStore.loadPkcs12(store, Optional.of("nobody"), password));
        assertTrue(wrongAlias.getMessage().contains("holds no private key named nobody"), wrongAlias.getMessage());
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        IOException readable = assertThrows(IOException.class, () -> AssistantKeyStore.loadPkcs12(store, Optional.empty(), password));
        assertTrue(readable.getMessage().contains("chmod 600 " + password), readable.getMessage());
    }
}
