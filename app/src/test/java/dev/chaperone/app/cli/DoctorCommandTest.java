package dev.chaperone.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chaperone doctor} as IT runs it, against the real bubblewrap of this machine. */
class DoctorCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out) {
    }

    private Run doctor(String machineFile, String userFile) throws Exception {
        Path machine = machineFile == null ? dir.resolve("absent.json") : Files.writeString(dir.resolve("it.json"), machineFile);
        Path user = userFile == null ? dir.resolve("none.json") : Files.writeString(dir.resolve("user.json"), userFile);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new DoctorCommand()).execute("--machine-file", machine.toString(), "--user-file", user.toString());
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void onThisMachineSessionsCanStartContainedAndTheEngineIsNamedWithItsAge() throws Exception {
        Run run = doctor(null, null);
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().matches("(?s)engine: +Chromium [0-9.]+, released \\d{4}-\\d\\d-\\d\\d \\(\\d+ days ago\\).*"), run.out());
        assertTrue(run.out().contains("os sandbox:    yes, bubblewrap (/usr/bin/bwrap)"), run.out());
        assertTrue(run.out().contains("sessions:      can start; the engine runs contained (bubblewrap"), run.out());
    }

    @Test
    void anEngineOlderThanITAllowsIsRefusedWithExitOne() throws Exception {
        Run run = doctor("{ \"browser\": { \"maxEngineAgeDays\": 1 } }", null);
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("age limit:     1 days (IT's browser.maxEngineAgeDays)"), run.out());
        assertTrue(run.out().contains("sessions:      REFUSED. The assistant's browser is too old: Chromium "), run.out());
    }

    @Test
    void aUserFileThatTriesToAllowAnUncontainedEngineIsABrokenConfiguration() throws Exception {
        Run run = doctor(null, "{ \"browser\": { \"allowUncontained\": true } }");
        assertEquals(2, run.exit(), run.out());
        assertTrue(run.out().contains("configuration: BROKEN: "), run.out());
        assertTrue(run.out().contains("browser: is IT's to set"), run.out());
    }
}
