package dev.chaperone.app.cli;

import dev.chaperone.app.Main;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chaperone audit verify|export} on real SQLite files. */
class AuditCommandTest {
    @TempDir
    Path dir;

    int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    private String output(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run(args));
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private Path writeTwo() {
        Path file = dir.resolve("audit.db");
        try (SqliteAuditLog log = SqliteAuditLog.open(file)) {
            log.record(new AuditEntry(Instant.now(), Optional.empty(), new AuditEvent.LeftoversWiped("/tmp/a", 3)));
            log.record(new AuditEntry(Instant.now(), Optional.empty(), new AuditEvent.HumanSignedIn("alice", "Alice",
                    "https://sso.example", "device-code")));
        }
        return file;
    }

    @Test
    void intactTamperedAndMissingHaveTheirOwnExitCodes() throws Exception {
        Path file = writeTwo();
        assertEquals(0, run("audit", "verify", "--file", file.toString()));
        assertEquals(0, run("audit", "show", "--file", file.toString()));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_event SET event='{\"dir\":\"/tmp/a\",\"files\":0}' WHERE seq=1");
        }
        assertEquals(1, run("audit", "verify", "--file", file.toString()));
        assertEquals(2, run("audit", "verify", "--file", dir.resolve("nope.db").toString()));
        Path damaged = dir.resolve("damaged.db");
        Files.writeString(damaged, "not a database ".repeat(200));
        assertEquals(2, run("audit", "verify", "--file", damaged.toString()));
    }

    @Test
    void exportWritesOneOcsfEventPerLineAndHonoursSince() {
        Path file = writeTwo();
        String[] lines = output("audit", "export", "--file", file.toString(), "--format", "ocsf").split("\n");
        assertEquals(3, lines.length, "two events and the checkpoint at close");
        assertTrue(lines[1].contains("\"class_uid\":3002"), lines[1]);
        String jsonl = output("audit", "export", "--file", file.toString(), "--format", "jsonl");
        assertTrue(jsonl.startsWith("{\"seq\":1,"), jsonl);
        assertEquals("", output("audit", "export", "--file", file.toString(), "--since", "2999-01-01T00:00:00Z"));
        assertEquals(3, output("audit", "export", "--file", file.toString(), "--since", "PT1H").split("\n").length);
    }
}
