package dev.chaperone.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaperone.app.testing.InspectorCli;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.browser.ProfileWiper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code chaperone mcp} over stdio, spawned by a real MCP client nobody here wrote: the MCP
 * project's inspector CLI. Each call spawns the whole app, as Claude Desktop or an IDE would;
 * anything but MCP on stdout would break the client.
 */
class McpInspectorStdioTest {
    static Path root;
    static PrivateBus bus;

    @BeforeAll
    static void start() throws Exception {
        InspectorCli.requireInstalled();
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
        List<String> arguments = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.chaperone.app.Main", "mcp"));
        arguments.addAll(List.of(method));
        return InspectorCli.run(arguments, Map.of(
                "XDG_DATA_HOME", root.resolve("data").toString(),
                "XDG_CONFIG_HOME", root.resolve("config").toString(),
                "XDG_CACHE_HOME", Path.of("target/test-cache").toAbsolutePath().toString(),
                "XDG_DOWNLOAD_DIR", root.resolve("downloads").toString(),
                "DBUS_SYSTEM_BUS_ADDRESS", bus.address()), root.resolve("inspector-stderr.log"));
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
