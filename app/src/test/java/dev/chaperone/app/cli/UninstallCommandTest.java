package dev.chaperone.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the package's removal does to users' audit logs: keep them unless IT's file says otherwise. */
class UninstallCommandTest {
    @TempDir
    Path dir;

    Path ann;
    Path passwd;

    void users() throws Exception {
        ann = dir.resolve("home/ann/.local/share/chaperone");
        Files.createDirectories(ann.resolve("audit.db.archive"));
        Files.createDirectories(ann.resolve("keys"));
        for (String f : new String[]{"audit.db", "audit.db-wal", "audit.db.checkpoint", "audit.db.archive/1-100.jsonl",
                "audit-signing.jwk", "keys/assistant.jwk"}) {
            Files.writeString(ann.resolve(f), "x");
        }
        Files.createDirectories(dir.resolve("home/bob"));
        passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "ann:x:1000:1000::" + dir.resolve("home/ann") + ":/bin/bash\n"
                + "bob:x:1001:1001::" + dir.resolve("home/bob") + ":/bin/bash\nbroken-line\n");
    }

    int run(String machineConfig) throws Exception {
        Path config = Files.writeString(dir.resolve("chaperone.json"), machineConfig);
        return new CommandLine(new UninstallCommand()).execute("--passwd", passwd.toString(), "--machine-config", config.toString());
    }

    @Test
    void byDefaultEveryAuditLogStays() throws Exception {
        users();
        assertEquals(0, run("{ \"promptTimeoutSeconds\": 20 }"));
        assertTrue(Files.exists(ann.resolve("audit.db")));
        assertTrue(Files.exists(ann.resolve("audit.db.archive/1-100.jsonl")));
    }

    @Test
    void whenItAsksTheLogsAndWhatBelongsToThemGoAndTheAssistantsKeyStays() throws Exception {
        users();
        assertEquals(0, run("{ \"audit\": { \"removeAtUninstall\": true } }"));
        for (String f : new String[]{"audit.db", "audit.db-wal", "audit.db.checkpoint", "audit.db.archive", "audit-signing.jwk"}) {
            assertFalse(Files.exists(ann.resolve(f)), f);
        }
        assertTrue(Files.exists(ann.resolve("keys/assistant.jwk")));
    }

    @Test
    void aBrokenManagedFileKeepsThem() throws Exception {
        users();
        assertEquals(0, run("{ \"audit\": { \"removeAtUninstall\": \"sometimes\" } }"));
        assertTrue(Files.exists(ann.resolve("audit.db")));
    }
}
