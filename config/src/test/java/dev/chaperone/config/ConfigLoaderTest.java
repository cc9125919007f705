package dev.chaperone.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real files on disk: IT's file, the user's file that may only narrow it, and broken ones. */
class ConfigLoaderTest {
    static final String MACHINE = """
            {
              "broker": {
                "issuer": "https://sso.example.com/realms/corp",
                "assistantClientId": "chaperone-assistant",
                "dpop": "preferred"
              },
              "signIn": { "clientId": "chaperone-desktop", "method": "device" },
              "targets": [
                { "id": "finance-portal", "title": "Finance Portal", "origins": ["https://finance.example.com"],
                  "audience": "finance-portal", "readScopes": ["invoices:read"],
                  "writeScopes": ["invoices:export", "invoices:delete"], "sensitivity": "confidential" },
                { "id": "wiki", "origins": ["https://wiki.example.com"], "audience": "wiki", "readScopes": ["wiki:read"] }
              ],
              "promptTimeoutSeconds": 60
            }
            """;

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void noFilesMeansTheEmbeddedMode() throws Exception {
        assertTrue(ConfigLoader.load(dir.resolve("none.json"), dir.resolve("none2.json")).isEmbedded());
    }

    @Test
    void theMachineFileAloneGivesTypedValuesAndSaysWhereEachCameFrom() throws Exception {
        Path machine = write("machine.json", MACHINE);
        ChaperoneConfig c = ConfigLoader.load(machine, dir.resolve("absent.json"));
        assertEquals("https://sso.example.com/realms/corp", c.broker().orElseThrow().issuer().toString());
        assertEquals(ChaperoneConfig.SignInMethod.DEVICE, c.signIn().orElseThrow().method());
        assertEquals(2, c.targets().size());
        assertEquals(Duration.ofSeconds(60), c.promptTimeout());
        assertEquals(machine.toString(), c.sourceOf("broker.issuer"));
        assertEquals(ChaperoneConfig.DEFAULT, c.sourceOf("broker.harmlessScopes"));
        assertEquals(Set.of("openid", "profile", "email"), c.broker().get().harmlessScopes());
    }

    @Test
    void aUserFileMayNarrowTargetsScopesDpopAndTheTimeout() throws Exception {
        Path machine = write("machine.json", MACHINE);
        Path user = write("user.json", """
                { "broker": { "dpop": "required" },
                  "targets": [ { "id": "finance-portal", "writeScopes": ["invoices:export"] } ],
                  "promptTimeoutSeconds": 20 }
                """);
        ChaperoneConfig c = ConfigLoader.load(machine, user);
        assertEquals(ChaperoneConfig.Dpop.REQUIRED, c.broker().orElseThrow().dpop());
        assertEquals(1, c.targets().size());
        assertEquals(Set.of("invoices:export"), c.targets().get(0).writeScopes());
        assertEquals(Duration.ofSeconds(20), c.promptTimeout());
        assertEquals(user.toString(), c.sourceOf("broker.dpop"));
        assertEquals(machine.toString(), c.sourceOf("broker.issuer"));
    }

    @Test
    void theExampleThePackageGivesItIsAValidManagedFile() throws Exception {
        // installers/examples is what the .deb and .rpm put in /etc/chaperone; it must stay loadable.
        ChaperoneConfig c = ConfigLoader.load(Path.of("../installers/examples/chaperone.json.example"), dir.resolve("none"));
        assertEquals("https://login.example.org/realms/staff", c.broker().orElseThrow().issuer().toString());
        assertEquals(Duration.ofMinutes(5), c.idleTimeout());
        assertEquals(1, c.targets().size());
    }

    @Test
    void theIdleTimeoutIsItsByDefaultAndAUserMayOnlyShortenIt() throws Exception {
        Path machine = write("machine.json", MACHINE.replace("\"promptTimeoutSeconds\": 60", """
                "promptTimeoutSeconds": 60,
                "idleTimeoutSeconds": 600"""));
        assertEquals(Duration.ofMinutes(5), ConfigLoader.load(write("plain.json", MACHINE), dir.resolve("none")).idleTimeout());
        ChaperoneConfig shorter = ConfigLoader.load(machine, write("short.json", "{\"idleTimeoutSeconds\": 120}"));
        assertEquals(Duration.ofMinutes(2), shorter.idleTimeout());
        assertTrue(shorter.sourceOf("idleTimeoutSeconds").endsWith("short.json"));
        ConfigException longer = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(machine, write("long.json", "{\"idleTimeoutSeconds\": 900}")));
        assertEquals("idleTimeoutSeconds", longer.field());
        assertTrue(longer.getMessage().contains("may only be shortened, to between 30 and 600 seconds"), longer.getMessage());
        ConfigException tooShort = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                write("m2.json", MACHINE.replace("\"promptTimeoutSeconds\": 60", "\"idleTimeoutSeconds\": 5")), dir.resolve("none")));
        assertTrue(tooShort.getMessage().contains("must be between 30 and 28800 seconds"), tooShort.getMessage());
    }

    @Test
    void aUserFileCannotWiden() throws Exception {
        Path machine = write("machine.json", MACHINE);
        assertEquals("broker.issuer", assertThrows(ConfigException.class, () -> ConfigLoader.load(machine,
                write("u1.json", "{\"broker\": {\"issuer\": \"https://evil.example\"}}"))).field());
        ConfigException weaker = assertThrows(ConfigException.class, () -> ConfigLoader.load(machine,
                write("u2.json", "{\"broker\": {\"dpop\": \"off\"}}")));
        assertTrue(weaker.getMessage().contains("IT requires at least \"preferred\""), weaker.getMessage());
        ConfigException more = assertThrows(ConfigException.class, () -> ConfigLoader.load(machine,
                write("u3.json", "{\"targets\": [{\"id\": \"wiki\", \"writeScopes\": [\"wiki:edit\"]}]}")));
        assertEquals("targets[0].writeScopes", more.field());
        assertThrows(ConfigException.class, () -> ConfigLoader.load(machine, write("u4.json", "{\"promptTimeoutSeconds\": 120}")));
        assertThrows(ConfigException.class, () -> ConfigLoader.load(machine,
                write("u5.json", "{\"targets\": [{\"id\": \"payroll\"}]}")));
    }

    @Test
    void aBrokenFileNamesItsFileLineAndField() throws Exception {
        Path machine = write("machine.json", MACHINE.replace("\"dpop\": \"preferred\"", "\"dpop\": \"sometimes\""));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(machine, dir.resolve("none")));
        assertEquals(machine, e.file());
        assertEquals(5, e.line());
        assertEquals("broker.dpop", e.field());
        assertTrue(e.getMessage().contains("\"sometimes\" is not one of off, preferred, required"), e.getMessage());

        Path http = write("http.json", MACHINE.replace("https://sso.example.com", "http://sso.example.com"));
        ConfigException insecure = assertThrows(ConfigException.class, () -> ConfigLoader.load(http, dir.resolve("none")));
        assertEquals(3, insecure.line());
        assertTrue(insecure.getMessage().contains("must be an https URL"), insecure.getMessage());

        Path typo = write("typo.json", "{\n  \"brokr\": {}\n}");
        ConfigException unknown = assertThrows(ConfigException.class, () -> ConfigLoader.load(typo, dir.resolve("none")));
        assertEquals(2, unknown.line());
        assertTrue(unknown.getMessage().contains("unknown setting \"brokr\""), unknown.getMessage());

        Path syntax = write("syntax.json", "{\n  \"broker\": {\n    \"issuer\": \n}");
        ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.load(syntax, dir.resolve("none")));
        assertEquals(4, bad.line());
        assertTrue(bad.getMessage().contains("is not valid JSON"), bad.getMessage());

        Path origin = write("origin.json", MACHINE.replace("https://wiki.example.com", "https://wiki.example.com/path"));
        assertEquals("targets[1].origins[0]", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(origin, dir.resolve("none"))).field());
    }

    @Test
    void itsAuditSectionSetsRetentionAndForwardingAndOnlyItMay() throws Exception {
        Path machine = write("machine.json", MACHINE.replace("\"promptTimeoutSeconds\": 60", """
                "promptTimeoutSeconds": 60,
                  "audit": {
                    "retentionDays": 90,
                    "maxEvents": 2000000,
                    "forward": [
                      { "type": "syslog", "host": "siem.example.com", "tls": true, "caFile": "/etc/chaperone/siem-ca.pem" },
                      { "type": "https", "url": "https://collector.example.com/ingest", "tokenFile": "/etc/chaperone/hec",
                        "format": "jsonl" }
                    ]
                  }"""));
        AuditSettings audit = ConfigLoader.load(machine, dir.resolve("none")).audit();
        assertEquals(java.util.Optional.of(Duration.ofDays(90)), audit.retention());
        assertEquals(2_000_000, audit.maxEvents());
        AuditSettings.Syslog syslog = (AuditSettings.Syslog) audit.forward().get(0);
        assertEquals(6514, syslog.port(), "TLS syslog defaults to RFC 5425's port");
        assertTrue(syslog.tls());
        assertEquals(AuditSettings.Format.OCSF, syslog.format());
        AuditSettings.Https https = (AuditSettings.Https) audit.forward().get(1);
        assertEquals(AuditSettings.Format.JSONL, https.format());
        assertEquals(java.util.Optional.of(Path.of("/etc/chaperone/hec")), https.tokenFile());

        ConfigException off = assertThrows(ConfigException.class, () -> ConfigLoader.load(machine,
                write("u.json", "{\"audit\": {\"forward\": []}}")));
        assertEquals("audit", off.field(), "a user cannot turn forwarding off");
        ConfigException kind = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("k.json",
                "{\"audit\": {\"forward\": [{\"type\": \"kafka\"}]}}"), dir.resolve("none")));
        assertEquals("audit.forward[0].type", kind.field());
        ConfigException plain = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("p.json",
                "{\"audit\": {\"forward\": [{\"type\": \"https\", \"url\": \"http://collector.example.com\"}]}}"),
                dir.resolve("none")));
        assertTrue(plain.getMessage().contains("must be an https URL"), plain.getMessage());
    }

    @Test
    void itsDataSensitivityRulesNameAddressesAndOnlyItMaySetThem() throws Exception {
        Path machine = write("machine.json", MACHINE.replace("\"promptTimeoutSeconds\": 60", """
                "promptTimeoutSeconds": 60,
                  "dataSensitivity": {
                    "https://finance.example.com/payroll": "secret",
                    "https://finance.example.com/public": "public"
                  }"""));
        ChaperoneConfig c = ConfigLoader.load(machine, dir.resolve("none"));
        assertEquals(java.util.Map.of("https://finance.example.com/payroll", "secret", "https://finance.example.com/public",
                "public"), c.dataSensitivity());
        ConfigException user = assertThrows(ConfigException.class, () -> ConfigLoader.load(machine,
                write("u.json", "{\"dataSensitivity\": {\"https://finance.example.com/payroll\": \"public\"}}")));
        assertEquals("dataSensitivity", user.field(), "a user cannot lower how sensitive IT says data is");
        ConfigException word = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("w.json",
                "{\"dataSensitivity\": {\"https://x.example.com/\": \"Top Secret!\"}}"), dir.resolve("none")));
        assertTrue(word.getMessage().contains("must be a single lower-case word"), word.getMessage());
    }

    @Test
    void onlyItCanLetATargetStartWithoutAsking() throws Exception {
        Path machine = write("machine.json", MACHINE.replace("\"sensitivity\": \"confidential\" }",
                "\"sensitivity\": \"confidential\", \"startWithoutAsking\": true }"));
        ChaperoneConfig config = ConfigLoader.load(machine, dir.resolve("none"));
        assertTrue(config.target("finance-portal").orElseThrow().startsWithoutAsking());
        assertTrue(!config.target("wiki").orElseThrow().startsWithoutAsking(), "asking is the default");
        ConfigException user = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("plain.json", MACHINE),
                write("u.json", "{\"targets\": [{\"id\": \"wiki\", \"startWithoutAsking\": true}]}")));
        assertEquals("targets[0].startWithoutAsking", user.field());
    }

    @Test
    void onlyItsFileSaysWhetherTheEngineMayRunUncontainedOrHowOldItMayBe() throws Exception {
        Path machine = write("engine.json", "{ \"browser\": { \"allowUncontained\": true, \"maxEngineAgeDays\": 120, \"jitless\": true } }");
        ChaperoneConfig config = ConfigLoader.load(machine, dir.resolve("none"));
        assertEquals(new ChaperoneConfig.Engine(true, java.util.Optional.of(120), true), config.engine());
        assertEquals(machine.toString(), config.sourceOf("browser.allowUncontained"));
        assertEquals(ChaperoneConfig.Engine.DEFAULTS, ConfigLoader.load(write("plain.json", MACHINE), dir.resolve("none")).engine(),
                "contained, no age limit, JIT on, unless IT says otherwise");

        // A user's file can say none of it: beside IT's file, and where there is no IT file at all.
        String uncontained = "{\"browser\": {\"allowUncontained\": true}}";
        assertEquals("browser", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(machine, write("u1.json", uncontained))).field());
        ConfigException alone = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("no-it-file.json"), write("u2.json", uncontained)));
        assertEquals("browser", alone.field());
        assertTrue(alone.getMessage().contains("is IT's to set, in the managed file"), alone.getMessage());

        ConfigException age = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                write("age.json", "{ \"browser\": { \"maxEngineAgeDays\": 0 } }"), dir.resolve("none")));
        assertEquals("browser.maxEngineAgeDays", age.field());
        assertTrue(age.getMessage().contains("must be between 1 and 3650 days, not 0"), age.getMessage());
    }
}
