package dev.chaperone.app.cli;

import com.nimbusds.jose.jwk.JWKSet;
import dev.chaperone.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code chaperone identity} and {@code chaperone config} as IT runs them: the real launcher in
 * its own process, with the XDG folders of a user that exists only for this test.
 */
class IdentityAndConfigCommandTest {
    @TempDir
    Path home;

    record Run(int exit, String out, String err) {
    }

    Run chaperone(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] command = new String[args.length + 4];
        command[0] = java;
        command[1] = "-cp";
        command[2] = System.getProperty("java.class.path");
        command[3] = Main.class.getName();
        System.arraycopy(args, 0, command, 4, args.length);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "chaperone " + String.join(" ", args) + " did not finish");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static JWKSet printedKeySet(String out) throws Exception {
        return JWKSet.parse(out.substring(out.indexOf('{')));
    }

    @Test
    void identityShowPrintsThePublicKeyOnlyAndRotateReplacesIt() throws Exception {
        Run shown = chaperone("identity", "show");
        assertEquals(0, shown.exit(), shown.err());
        assertTrue(shown.out().startsWith("client id: assistant-"), shown.out());
        JWKSet keys = printedKeySet(shown.out());
        assertFalse(keys.getKeys().get(0).isPrivate(), "never the private key");
        assertFalse(shown.out().contains("\"d\""), shown.out());
        Path keyFile = home.resolve("data/chaperone/keys/assistant.jwk");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

        Run rotated = chaperone("identity", "rotate");
        assertEquals(0, rotated.exit(), rotated.err());
        assertNotEquals(keys.getKeys().get(0).getKeyID(), printedKeySet(rotated.out()).getKeys().get(0).getKeyID());
        assertTrue(Files.exists(keyFile.resolveSibling("assistant.jwk.previous")), "the old key is kept until the broker knows the new one");
        assertEquals(printedKeySet(rotated.out()).getKeys().get(0).getKeyID(),
                printedKeySet(chaperone("identity", "show").out()).getKeys().get(0).getKeyID());
    }

    @Test
    void configShowMarksWhatItManagesAndABrokenFileExitsTwoWithItsLine() throws Exception {
        Run embedded = chaperone("config", "show", "--machine-file", home.resolve("none.json").toString());
        assertEquals(0, embedded.exit(), embedded.err());
        assertTrue(embedded.out().contains("mode: embedded"), embedded.out());

        Path machine = Files.writeString(home.resolve("machine.json"), """
                { "broker": { "issuer": "https://sso.example.com/realms/corp", "assistantClientId": "chaperone-assistant" },
                  "signIn": { "clientId": "chaperone-desktop" },
                  "targets": [ { "id": "wiki", "origins": ["https://wiki.example.com"], "audience": "wiki",
                                 "readScopes": ["wiki:read"] } ] }
                """);
        Path user = Files.writeString(Files.createDirectories(home.resolve("config/chaperone")).resolve("chaperone.json"),
                "{ \"broker\": { \"dpop\": \"required\" } }");
        Run managed = chaperone("config", "show", "--machine-file", machine.toString());
        assertEquals(0, managed.exit(), managed.err());
        assertTrue(managed.out().contains("broker.issuer              https://sso.example.com/realms/corp   [managed: " + machine + "]"),
                managed.out());
        assertTrue(managed.out().contains("broker.dpop                required   [" + user + "]"), managed.out());
        assertTrue(managed.out().contains("promptTimeoutSeconds       30   [default]"), managed.out());

        Files.writeString(user, "{\n  \"broker\": { \"issuer\": \"https://elsewhere.example.com\" }\n}");
        Run widened = chaperone("config", "show", "--machine-file", machine.toString());
        assertEquals(2, widened.exit());
        assertTrue(widened.err().contains(user + " line 2, broker.issuer: is managed by IT's configuration"), widened.err());
    }

    @Test
    void policyTestPrintsEachDecisionWithItsReasonAndABrokenFileNamesTheLine() throws Exception {
        Path policy = home.resolve("policy.cedar");
        java.nio.file.Files.writeString(policy, """
                @id("read") @code("READ_ALLOWED") @reason("Reading the task's sites is allowed.")
                permit (principal, action == Action::"navigate", resource) when { context.reachable && context.safeMethod };
                """);
        Path requests = home.resolve("examples.txt");
        java.nio.file.Files.writeString(requests, "# what the assistant might do\nnavigate GET {site}/invoices by tool\n"
                + "navigate GET https://elsewhere.example/ by tool\n");
        Run ran = chaperone("policy", "test", policy.toString(), "--requests", requests.toString());
        assertEquals(0, ran.exit(), ran.err());
        assertTrue(ran.out().contains("ALLOW READ_ALLOWED             navigate GET https://portal.example.com:443/invoices by tool\n"
                + "      Reading the task's sites is allowed."), ran.out());
        assertTrue(ran.out().contains("DENY  NO_RULE_ALLOWED          navigate GET https://elsewhere.example/ by tool\n"
                + "      No rule of the policy allows this."), ran.out());

        java.nio.file.Files.writeString(policy, """
                @id("finance-reads") @code("READ_ALLOWED") @reason("The finance team's assistants read the portal.")
                permit (principal, action == Action::"navigate", resource)
                when { context.reachable && context.human.groups.contains("finance") && context.assistant.id == "helper-1" };
                """);
        Run asFinance = chaperone("policy", "test", policy.toString(), "--requests", requests.toString(), "--human", "alice",
                "--group", "staff", "--group", "finance", "--assistant", "helper-1");
        assertTrue(asFinance.out().startsWith("Policy: " + policy + "; task site https://portal.example.com:443; alice in staff, "
                + "finance, assistant helper-1\n"), asFinance.out());
        assertTrue(asFinance.out().contains("ALLOW READ_ALLOWED             navigate GET https://portal.example.com:443/invoices"),
                asFinance.out());
        Run asOther = chaperone("policy", "test", policy.toString(), "--requests", requests.toString(), "--group", "staff",
                "--assistant", "helper-1");
        assertTrue(asOther.out().contains("DENY  NO_RULE_ALLOWED          navigate GET https://portal.example.com:443/invoices"),
                asOther.out());

        java.nio.file.Files.writeString(policy, "// IT's rules\n\npermit (principal, action, resource) when { context.web && };\n");
        Run broken = chaperone("policy", "test", policy.toString());
        assertEquals(2, broken.exit());
        assertEquals("The policy in " + policy + " cannot be read (line 3): unexpected token `}`\n"
                + "Chaperone would run no session under this policy.\n", broken.err());
    }
}
