package dev.chaperone.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.browser.ProfileWiper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 * {@code chaperone mcp} over stdio, spawned by a real MCP client nobody here wrote: the MCP
 * project's inspector CLI (npm {@code @modelcontextprotocol/inspector-cli} 1.0.3, installed by
 * {@code .ci/run} into {@code tools/mcp-inspector}). Each call spawns the whole app, as Claude
 * Desktop or an IDE would; anything but MCP on stdout would break the client.
 */
class McpInspectorStdioTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CLI = Path.of("..", "tools", "mcp-inspector", "node_modules", "@modelcontextprotocol", "inspector-cli",
            "build", "index.js").toAbsolutePath().normalize();
    static Path root;
    static PrivateBus bus;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.exists(CLI)) {
            // CI installs it, so there its absence is a failure; a developer's machine may not have it yet.
            String install = "the inspector CLI is not installed: npm ci --prefix tools/mcp-inspector";
            if (System.getenv("CI") != null) {
                throw new AssertionError(install);
            }
            Assumptions.abort(install);
        }
        root = Files.createTempDirectory("chaperone-inspector");
        bus = PrivateBus.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (bus != null) {
            bus.close();
        }
        if (root != null) {
            ProfileWiper.wipe(root);
        }
    }

    static JsonNode inspect(String... method) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", CLI.toString(),
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "dev.chaperone.app.Main", "mcp"));
        command.addAll(List.of(method));
        Path cwd = Files.createDirectories(CLI.getParent().getParent().getParent().getParent().getParent().resolve("run"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectError(root.resolve("inspector-stderr.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("XDG_DATA_HOME", root.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", root.resolve("config").toString());
        env.put("XDG_CACHE_HOME", Path.of("target/test-cache").toAbsolutePath().toString());
        env.put("XDG_DOWNLOAD_DIR", root.resolve("downloads").toString());
        env.put("DBUS_SYSTEM_BUS_ADDRESS", bus.address());
        Process inspector = builder.start();
        String out = new String(inspector.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(inspector.waitFor(120, TimeUnit.SECONDS), "the inspector finished");
        assertEquals(0, inspector.exitValue(), out + Files.readString(root.resolve("inspector-stderr.log")));
        return JSON.readTree(out);
    }

    @Test
    void theInspectorListsTheToolsAndCallsOneOverStdio() throws Exception {
        JsonNode listed = inspect("--method", "tools/list");
        List<String> names = new ArrayList<>();
        listed.path("tools").forEach(t -> names.add(t.path("name").asText()));
        assertTrue(names.containsAll(List.of("chaperone_start_task", "chaperone_task_status", "chaperone_end_task",
                "browser_navigate", "browser_snapshot", "browser_click", "browser_type", "browser_press_key",
                "browser_navigate_back", "browser_take_screenshot", "browser_tabs")), names.toString());

        JsonNode status = inspect("--method", "tools/call", "--tool-name", "chaperone_task_status");
        assertEquals("No task is running. Call chaperone_start_task to ask for one.",
                status.path("content").path(0).path("text").asText(), status.toString());
    }
}
