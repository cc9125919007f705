package dev.chaperone.app.e2e;

import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.lifecycle.linux.LogindSource;
import dev.chaperone.app.mcp.McpDesk;
import dev.chaperone.app.testing.PrivateBus;
import dev.chaperone.app.testing.TestPaths;
import dev.chaperone.app.ui.ApprovalPromptViewModel;
import dev.chaperone.audit.AuditRow;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.mcp.HttpMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.chaperone.app.testing.Waits.WAIT;
import static dev.chaperone.app.testing.Waits.onFx;
import static dev.chaperone.app.testing.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An AI assistant drives Chaperone over MCP, through the MCP SDK's own HTTP client against the
 * app's streamable HTTP server: the person allows the task in the real prompt (the test answers
 * it through its view model), the assistant browses the demo portal by snapshot refs, a risky
 * click waits for the person before it happens, a lock ends the task in mid-call, and a new task
 * starts in the same MCP connection. Its own JVM (Chromium starts once per process).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpAssistantTest {
    static final String SECRET = "test-pairing-secret";
    static Path root;
    static AppPaths paths;
    static PrivateBus bus;
    static DesktopApp app;
    static HttpMcpServer server;
    static McpSyncClient client;
    static final List<String> refusals = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("chaperone-mcp");
        paths = TestPaths.under(root);
        bus = PrivateBus.start();
        app = DesktopApp.openForTasks(new AppOptions(paths, Optional.of(Duration.ofSeconds(20)), Optional.of(bus.address()),
                root.resolve("etc/chaperone.json")));
        McpDesk desk = new McpDesk(app);
        server = HttpMcpServer.start(desk, 0, SECRET, "test", refusal -> {
            refusals.add(refusal);
            desk.refused(refusal);
        });
        client = connect("test-assistant");
    }

    /** The MCP SDK's own HTTP client, with the pairing secret, initialised as {@code name}. */
    static McpSyncClient connect(String name) {
        McpSyncClient connected = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port())
                        .endpoint("/mcp")
                        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + SECRET))
                        .build())
                .clientInfo(new McpSchema.Implementation(name, "1.0"))
                .requestTimeout(Duration.ofSeconds(90))
                .build();
        connected.initialize();
        return connected;
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (app != null) {
            app.quitAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        if (bus != null) {
            bus.close();
        }
        ProfileWiper.wipe(root);
    }

    static McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments, null));
    }

    static String text(McpSchema.CallToolResult result) {
        StringBuilder out = new StringBuilder();
        for (McpSchema.Content c : result.content()) {
            if (c instanceof McpSchema.TextContent t) {
                out.append(t.text());
            }
        }
        return out.toString();
    }

    static String ref(String snapshot, String line) {
        Matcher m = Pattern.compile(Pattern.quote(line) + "(?: \\[[^]]*])*? \\[ref=(e\\d+)]").matcher(snapshot);
        assertTrue(m.find(), "no " + line + " in\n" + snapshot);
        return m.group(1);
    }

    /** Waits for the prompt and answers it as the person would, once Allow is armed. */
    static String answerPrompt(boolean allow) throws Exception {
        waitUntil("a prompt is shown", () -> onFx(() -> app.prompt().showingProperty().get() != null));
        ApprovalPromptViewModel prompt = onFx(() -> app.prompt().showingProperty().get());
        String question = prompt.title() + " " + prompt.what();
        if (allow) {
            waitUntil("the person's Allow went through", () -> onFx(() -> {
                prompt.allow();
                return prompt.answer().isDone();
            }));
        } else {
            onFx(() -> {
                prompt.deny();
                return null;
            });
        }
        return question;
    }

    static CompletableFuture<McpSchema.CallToolResult> callAsync(String tool, Map<String, Object> arguments) {
        return CompletableFuture.supplyAsync(() -> call(tool, arguments));
    }

    static CompletableFuture<McpSchema.CallToolResult> startTask(String intent) {
        return callAsync("chaperone_start_task", Map.of("intent", intent, "site", "finance-portal",
                "access", List.of("read", "export"), "minutes", 15));
    }

    @Test
    @Order(1)
    void withoutThePairingSecretOrFromAForeignOriginNothingGetsIn() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}";
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(init));
        assertEquals(401, http.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(403, http.send(post.copy().header("Authorization", "Bearer " + SECRET)
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(2, refusals.size(), refusals.toString());
    }

    @Test
    @Order(2)
    void theToolsHavePlaywrightNamesAndTruthfulHints() {
        Map<String, McpSchema.Tool> tools = new java.util.HashMap<>();
        client.listTools().tools().forEach(t -> tools.put(t.name(), t));
        for (String name : List.of("chaperone_start_task", "chaperone_task_status", "chaperone_end_task", "browser_navigate",
                "browser_navigate_back", "browser_snapshot", "browser_click", "browser_type", "browser_press_key",
                "browser_take_screenshot", "browser_tabs", "browser_hover", "browser_select_option", "browser_fill_form",
                "browser_wait_for", "browser_console_messages", "browser_network_requests", "browser_handle_dialog",
                "browser_file_upload")) {
            assertTrue(tools.containsKey(name), name + " in " + tools.keySet());
        }
        assertTrue(tools.get("browser_snapshot").annotations().readOnlyHint());
        assertTrue(tools.get("browser_click").annotations().destructiveHint());
        assertFalse(tools.get("browser_click").annotations().readOnlyHint());
    }

    @Test
    @Order(3)
    void theInspectorCliConnectsOverHttpWithThePairingSecret() throws Exception {
        com.fasterxml.jackson.databind.JsonNode listed = dev.chaperone.app.testing.InspectorCli.run(List.of(
                "--transport", "http", "--header", "Authorization: Bearer " + SECRET, "--method", "tools/list",
                "http://127.0.0.1:" + server.port() + "/mcp"), Map.of(), root.resolve("inspector-http.log"));
        assertTrue(listed.path("tools").size() >= 19, listed.toString());
    }

    @Test
    @Order(4)
    void browsingBeforeATaskSaysHowToGetOne() {
        McpSchema.CallToolResult result = call("browser_snapshot", Map.of());
        assertTrue(result.isError());
        assertEquals("No task is running. Call chaperone_start_task to ask for one.", text(result));
        McpSchema.CallToolResult bad = call("browser_navigate", Map.of("address", "x"));
        assertTrue(bad.isError(), "arguments that do not match the schema are refused");
    }

    @Test
    @Order(5)
    void thePersonAllowsTheTaskAndTheAssistantReadsThePortalByRefs() throws Exception {
        CompletableFuture<McpSchema.CallToolResult> started = startTask("Check this month's invoices");
        String question = answerPrompt(true);
        assertTrue(question.startsWith("Let your assistant start a task? Work on Finance Portal for 15 minutes to: "
                + "Check this month's invoices. Access: read, export"), question);
        McpSchema.CallToolResult result = started.get(60, TimeUnit.SECONDS);
        assertFalse(result.isError(), text(result));
        String portal = app.services().portal().origin() + "/";
        McpSchema.CallToolResult page = call("browser_navigate", Map.of("url", portal));
        assertFalse(page.isError(), text(page));
        String snapshot = text(page);
        assertTrue(snapshot.contains("- Page Title: Finance Portal"), snapshot);
        assertTrue(snapshot.contains("Untrusted page content"), snapshot);
        assertTrue(snapshot.contains("INV-1001"), snapshot);
        ref(snapshot, "- link \"Export CSV\"");
        ref(snapshot, "- button \"Delete\"");
    }

    @Test
    @Order(6)
    void aSecondClientCannotUseOrEndTheRunningTask() {
        try (McpSyncClient second = connect("second-assistant")) {
            McpSchema.CallToolResult snapshot = second.callTool(new McpSchema.CallToolRequest("browser_snapshot", Map.of(), null));
            assertTrue(snapshot.isError());
            assertTrue(text(snapshot).startsWith("The running task belongs to another assistant connection (test-assistant)."),
                    text(snapshot));
            assertTrue(second.callTool(new McpSchema.CallToolRequest("chaperone_end_task", Map.of(), null)).isError());
            McpSchema.CallToolResult another = second.callTool(new McpSchema.CallToolRequest("chaperone_start_task", Map.of(
                    "intent", "Something else", "site", "finance-portal", "access", List.of("read"), "minutes", 5), null));
            assertTrue(text(another).startsWith("A task is already running"), text(another));
        }
        assertFalse(call("browser_snapshot", Map.of()).isError(), "the owner still has its task");
    }

    @Test
    @Order(7)
    void aRiskyClickIsAskedBeforeItHappensAndADenyNeverReachesThePortal() throws Exception {
        String snapshot = text(call("browser_snapshot", Map.of()));
        CompletableFuture<McpSchema.CallToolResult> click = callAsync("browser_click",
                Map.of("element", "Delete button", "target", ref(snapshot, "- button \"Delete\"")));
        String question = answerPrompt(false);
        assertEquals("Allow the assistant to click this? Click button \"Delete\" on the page", question);
        McpSchema.CallToolResult denied = click.get(30, TimeUnit.SECONDS);
        assertTrue(denied.isError());
        assertTrue(text(denied).startsWith("The person denied: click button \"Delete\"."), text(denied));
        assertTrue(app.services().portal().requests().to("/invoices/INV-1001/delete").isEmpty(),
                "the portal never saw the delete");
    }

    @Test
    @Order(8)
    void anAllowedExportSavesTheFile() throws Exception {
        String snapshot = text(call("browser_snapshot", Map.of()));
        CompletableFuture<McpSchema.CallToolResult> click = callAsync("browser_click",
                Map.of("element", "Export CSV", "target", ref(snapshot, "- link \"Export CSV\"")));
        assertEquals("Allow the assistant to click this? Click link \"Export CSV\" on the page", answerPrompt(true));
        // The download the click starts is covered by that one answer: no second question.
        assertFalse(click.get(30, TimeUnit.SECONDS).isError());
        Path csv = paths.downloadsDir().resolve("invoices.csv");
        waitUntil("the export is saved", () -> Files.exists(csv));
        assertTrue(onFx(() -> app.prompt().showingProperty().get() == null), "no second prompt for the file");
    }

    @Test
    @Order(9)
    void lockingTheScreenInMidCallEndsTheTaskAndANewOneStartsInTheSameConnection() throws Exception {
        String snapshot = text(call("browser_snapshot", Map.of()));
        CompletableFuture<McpSchema.CallToolResult> click = callAsync("browser_click",
                Map.of("element", "Share", "target", ref(snapshot, "- button \"Share\"")));
        waitUntil("the share prompt is up", () -> onFx(() -> app.prompt().showingProperty().get() != null));
        String sessionPath = LogindSource.sessionObjectPath(Optional.ofNullable(System.getenv("XDG_SESSION_ID")).orElse("2"));
        try (DBusConnection logind = DBusConnectionBuilder.forAddress(bus.address()).build()) {
            logind.sendMessage(new Properties.PropertiesChanged(sessionPath, "org.freedesktop.login1.Session",
                    Map.of("LockedHint", new Variant<>(true)), List.of()));
        }
        McpSchema.CallToolResult ended = click.get(30, TimeUnit.SECONDS);
        assertTrue(ended.isError());
        assertTrue(text(ended).startsWith("Session ended: the session ended because the screen was locked at "), text(ended));
        assertTrue(text(call("chaperone_task_status", Map.of())).startsWith("No task is running: the session ended because "
                + "the screen was locked"));
        waitUntil("the prompt is gone", () -> onFx(() -> app.prompt().showingProperty().get() == null));

        CompletableFuture<McpSchema.CallToolResult> again = startTask("Look at the invoices again");
        answerPrompt(true);
        assertFalse(again.get(60, TimeUnit.SECONDS).isError());
        McpSchema.CallToolResult page = call("browser_navigate", Map.of("url", app.services().portal().origin() + "/"));
        assertTrue(text(page).contains("- Page Title: Finance Portal"), text(page));
        assertTrue(text(call("chaperone_end_task", Map.of())).startsWith("No task is running: the session ended because "
                + "you ended the task"));
        assertTrue(call("browser_snapshot", Map.of()).isError());
    }

    @Test
    @Order(10)
    void aBrowserCrashEndsTheTaskThroughTheOneEndPath() throws Exception {
        CompletableFuture<McpSchema.CallToolResult> started = startTask("Crash test");
        answerPrompt(true);
        assertFalse(started.get(60, TimeUnit.SECONDS).isError());
        call("browser_navigate", Map.of("url", app.services().portal().origin() + "/"));
        // The page's process dies as after a renderer crash (the DevTools protocol's Page.crash).
        dev.chaperone.browser.PageScriptForTests.crash(app.session().orElseThrow().browser());
        waitUntil("the session ended", () -> !app.session().orElseThrow().session().isActive());
        McpSchema.CallToolResult after = call("browser_snapshot", Map.of());
        assertTrue(after.isError());
        assertTrue(text(after).startsWith("No task is running: the session ended because the page's process stopped at "), text(after));
        assertEquals(dev.chaperone.core.session.EndReason.BROWSER_CRASHED,
                app.session().orElseThrow().session().whenEnded().get(30, TimeUnit.SECONDS).reason());
    }

    @Test
    @Order(11)
    void everyToolCallIsAuditedWithTheClientAndTheTool() throws Exception {
        // The app holds the writer; a read-only connection sees what is committed.
        List<AuditRow> rows;
        try (dev.chaperone.audit.AuditFile file = dev.chaperone.audit.AuditFile.open(paths.auditLog())) {
            rows = file.rows();
        }
        assertTrue(rows.stream().anyMatch(r -> r.type().equals("ACTION_DECIDED") && r.field("path.mcpClient").equals("test-assistant")
                && r.field("path.tool").equals("browser_click") && r.field("decision.code").equals("PERSON_DENIED")),
                "the denied click is on record as the assistant's tool call");
        assertTrue(rows.stream().anyMatch(r -> r.type().equals("SESSION_STARTED")
                && r.field("intent").equals("Check this month's invoices")));
        assertTrue(rows.stream().filter(r -> r.type().equals("MCP_REQUEST_REFUSED")).count() >= 2);
        assertTrue(rows.stream().filter(r -> r.type().equals("SESSION_ENDED")).count() >= 3, "three tasks, three sessions");
    }
}
