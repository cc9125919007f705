package dev.chaperone.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP project's inspector CLI (npm {@code @modelcontextprotocol/inspector-cli} 1.0.3, pinned in
 * {@code tools/mcp-inspector} and installed by {@code scripts/mcp-inspector.sh}): a real MCP client
 * nobody here wrote. Under CI its absence fails the test; elsewhere the test is skipped.
 */
public final class InspectorCli {
    static final Path CLI = Path.of("..", "tools", "mcp-inspector", "node_modules", "@modelcontextprotocol", "inspector-cli",
            "build", "index.js").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private InspectorCli() {
    }

    public static void requireInstalled() {
        if (!Files.exists(CLI)) {
            String install = "the inspector CLI is not installed: bash scripts/mcp-inspector.sh";
            if (System.getenv("CI") != null) {
                throw new AssertionError(install);
            }
            Assumptions.abort(install);
        }
    }

    /** Runs it (from a folder inside its npm project, as it wants) and returns the JSON it printed. */
    public static JsonNode run(List<String> arguments, Map<String, String> env, Path stderr) throws Exception {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of("node", CLI.toString()));
        command.addAll(arguments);
        Path cwd = Files.createDirectories(CLI.resolve("../../../../../run").normalize());
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(env);
        Process inspector = builder.start();
        String out = new String(inspector.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(inspector.waitFor(120, TimeUnit.SECONDS), "the inspector finished");
        assertEquals(0, inspector.exitValue(), out + Files.readString(stderr));
        return JSON.readTree(out);
    }
}
