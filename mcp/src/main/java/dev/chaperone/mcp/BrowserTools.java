package dev.chaperone.mcp;

import dev.chaperone.core.browser.AssistantBrowser;
import dev.chaperone.core.browser.AssistantBrowser.Screenshot;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.session.TaskDesk;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Browser tools with Playwright MCP's names, arguments and answers (element references in
 * {@code target}, as Playwright MCP 0.0.83 has them; {@code ref} is accepted too). Each call goes
 * to the running task's {@link AssistantBrowser}, which asks the gate first, as this client's call
 * of this tool.
 */
final class BrowserTools {
    private static final String NO_ARGUMENTS = "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}";
    private static final String ELEMENT = "\"element\":{\"type\":\"string\",\"description\":\"Human-readable element "
            + "description used to obtain permission to interact with the element\"},"
            + "\"target\":{\"type\":\"string\",\"description\":\"Exact target element reference from the page snapshot\"},"
            + "\"ref\":{\"type\":\"string\",\"description\":\"The same as target (older clients)\"}";

    private BrowserTools() {
    }

    static List<SyncToolSpecification> all(McpJsonMapper json, TaskDesk desk) {
        return List.of(
                ToolSpec.tool(json, "browser_navigate", "Navigate to a URL", "Navigate to a URL",
                        "{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\",\"description\":\"The URL to navigate to\"}},"
                                + "\"required\":[\"url\"]}",
                        false, false, act(desk, "browser_navigate", (b, c) -> ToolResults.page("",
                                b.navigate(c.by(), ToolSpec.string(c.args(), "url"))))),
                ToolSpec.tool(json, "browser_navigate_back", "Go back", "Go back to the previous page in the history",
                        NO_ARGUMENTS, false, false,
                        act(desk, "browser_navigate_back", (b, c) -> ToolResults.page("", b.back(c.by())))),
                ToolSpec.tool(json, "browser_snapshot", "Page snapshot",
                        "Capture accessibility snapshot of the current page, this is better than screenshot",
                        "{\"type\":\"object\",\"properties\":{}}", true, false,
                        act(desk, "browser_snapshot", (b, c) -> ToolResults.page("", b.snapshot(c.by())))),
                ToolSpec.tool(json, "browser_click", "Click",
                        "Perform click on a web page. A click on something risky (delete, share, export, pay, access) "
                                + "waits until the person allows it; if they deny, you get an error saying so.",
                        "{\"type\":\"object\",\"properties\":{" + ELEMENT + "}}", false, true,
                        act(desk, "browser_click", (b, c) -> ToolResults.page("Clicked " + ToolSpec.string(c.args(), "element"),
                                b.click(c.by(), target(c.args()), ToolSpec.string(c.args(), "element"))))),
                ToolSpec.tool(json, "browser_type", "Type text", "Type text into editable element",
                        "{\"type\":\"object\",\"properties\":{" + ELEMENT + ",\"text\":{\"type\":\"string\",\"description\":"
                                + "\"Text to type into the element\"},\"submit\":{\"type\":\"boolean\",\"description\":"
                                + "\"Whether to submit entered text (press Enter after)\"}},\"required\":[\"text\"]}",
                        false, true, act(desk, "browser_type", (b, c) -> ToolResults.page("",
                                b.type(c.by(), target(c.args()), ToolSpec.string(c.args(), "element"),
                                        ToolSpec.string(c.args(), "text"), Boolean.TRUE.equals(c.args().get("submit")))))),
                ToolSpec.tool(json, "browser_press_key", "Press a key", "Press a key on the keyboard",
                        "{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\",\"description\":\"Name of the key "
                                + "to press or a character to generate, such as `ArrowLeft` or `a`\"}},\"required\":[\"key\"]}",
                        false, true, act(desk, "browser_press_key", (b, c) -> ToolResults.page("",
                                b.pressKey(c.by(), ToolSpec.string(c.args(), "key"))))),
                ToolSpec.tool(json, "browser_take_screenshot", "Take a screenshot",
                        "Take a screenshot of the current page. You can't perform actions based on the screenshot, "
                                + "use browser_snapshot for actions.",
                        "{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\",\"enum\":[\"png\"]}}}", true, false,
                        act(desk, "browser_take_screenshot", (b, c) -> {
                            Screenshot shot = b.screenshot(c.by());
                            return CallToolResult.builder().addTextContent(shot.note())
                                    .addContent(McpSchema.ImageContent.builder(Base64.getEncoder().encodeToString(shot.png()),
                                            "image/png").build())
                                    .build();
                        })),
                ToolSpec.tool(json, "browser_hover", "Hover mouse", "Hover over element on page",
                        "{\"type\":\"object\",\"properties\":{" + ELEMENT + "}}", false, false,
                        act(desk, "browser_hover", (b, c) -> ToolResults.page("",
                                b.hover(c.by(), target(c.args()), ToolSpec.string(c.args(), "element"))))),
                ToolSpec.tool(json, "browser_select_option", "Select option", "Select an option in a dropdown",
                        "{\"type\":\"object\",\"properties\":{" + ELEMENT + ",\"values\":{\"type\":\"array\",\"items\":"
                                + "{\"type\":\"string\"},\"description\":\"Array of values to select in the dropdown.\"}},"
                                + "\"required\":[\"values\"]}",
                        false, true, act(desk, "browser_select_option", (b, c) -> ToolResults.page("",
                                b.selectOption(c.by(), target(c.args()), ToolSpec.string(c.args(), "element"),
                                        strings(c.args().get("values")))))),
                ToolSpec.tool(json, "browser_fill_form", "Fill form", "Fill multiple form fields",
                        "{\"type\":\"object\",\"properties\":{\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
                                + "\"properties\":{" + ELEMENT + ",\"name\":{\"type\":\"string\"},\"type\":{\"type\":\"string\","
                                + "\"enum\":[\"textbox\",\"checkbox\",\"radio\",\"combobox\",\"slider\"]},\"value\":{\"type\":\"string\"}},"
                                + "\"required\":[\"name\",\"type\",\"value\"]}}},\"required\":[\"fields\"]}",
                        false, true, act(desk, "browser_fill_form", (b, c) -> ToolResults.page("",
                                b.fillForm(c.by(), fields(c.args().get("fields")))))),
                ToolSpec.tool(json, "browser_wait_for", "Wait for",
                        "Wait for text to appear or disappear or a specified time to pass (at most 30 seconds)",
                        "{\"type\":\"object\",\"properties\":{\"time\":{\"type\":\"number\",\"description\":\"The time to "
                                + "wait in seconds, at most 30\"},\"text\":{\"type\":\"string\"},\"textGone\":{\"type\":\"string\"}}}",
                        true, false, act(desk, "browser_wait_for", (b, c) -> ToolResults.page("",
                                b.waitFor(c.by(), c.args().get("time") instanceof Number n ? n.doubleValue() : 0,
                                        ToolSpec.string(c.args(), "text"), ToolSpec.string(c.args(), "textGone"))))),
                ToolSpec.tool(json, "browser_console_messages", "Get console messages", "Returns all console messages",
                        "{\"type\":\"object\",\"properties\":{\"level\":{\"type\":\"string\",\"enum\":[\"error\",\"warning\","
                                + "\"info\",\"debug\"]}}}",
                        true, false, act(desk, "browser_console_messages", (b, c) -> ToolResults.text(
                                "### Console messages (untrusted page content)\n" + String.join("\n",
                                        b.consoleMessages(c.by(), c.args().containsKey("level")
                                                ? ToolSpec.string(c.args(), "level") : "info"))))),
                ToolSpec.tool(json, "browser_network_requests", "List network requests",
                        "Returns the network requests of this task's page, with those Chaperone blocked marked",
                        "{\"type\":\"object\",\"properties\":{\"static\":{\"type\":\"boolean\"},\"filter\":{\"type\":\"string\"}}}",
                        true, false, act(desk, "browser_network_requests", (b, c) -> {
                            String filter = ToolSpec.string(c.args(), "filter");
                            List<String> requests = b.networkRequests(c.by());
                            StringBuilder out = new StringBuilder("### Network requests\n");
                            for (int i = 0; i < requests.size(); i++) {
                                if (filter.isEmpty() || java.util.regex.Pattern.compile(filter).matcher(requests.get(i)).find()) {
                                    out.append(i + 1).append(". ").append(requests.get(i)).append('\n');
                                }
                            }
                            return ToolResults.text(out.toString());
                        })),
                ToolSpec.tool(json, "browser_handle_dialog", "Handle a dialog",
                        "Page dialogs are dismissed by Chaperone before anyone sees them; this says so.",
                        "{\"type\":\"object\",\"properties\":{\"accept\":{\"type\":\"boolean\"},\"promptText\":{\"type\":\"string\"}},"
                                + "\"required\":[\"accept\"]}",
                        false, false, act(desk, "browser_handle_dialog", (b, c) -> ToolResults.page("",
                                b.handleDialog(c.by(), Boolean.TRUE.equals(c.args().get("accept")),
                                        ToolSpec.string(c.args(), "promptText"))))),
                ToolSpec.tool(json, "browser_file_upload", "Upload files",
                        "Upload one or multiple files into the file chooser your browser_click opened. Off unless IT's "
                                + "policy allows it; a refusal closes the chooser.",
                        "{\"type\":\"object\",\"properties\":{\"paths\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
                                + "\"description\":\"The absolute paths to the files to upload. Can be single file or multiple "
                                + "files. If omitted, file chooser is cancelled.\"}}}",
                        false, true, act(desk, "browser_file_upload", (b, c) -> ToolResults.page("",
                                b.fileUpload(c.by(), strings(c.args().get("paths")))))),
                ToolSpec.tool(json, "browser_tabs", "Manage tabs",
                        "List the browser's tabs. Chaperone keeps the assistant in one tab: new, close and select are refused.",
                        "{\"type\":\"object\",\"properties\":{\"action\":{\"type\":\"string\",\"enum\":[\"list\",\"new\",\"close\","
                                + "\"select\"]}},\"required\":[\"action\"]}",
                        true, false, act(desk, "browser_tabs", (b, c) -> {
                            if (!"list".equals(c.args().get("action"))) {
                                return ToolResults.error("Chaperone keeps the assistant in one tab: only \"list\" works. "
                                        + "Use browser_navigate to open another page.");
                            }
                            List<String> tabs = b.tabs(c.by());
                            return ToolResults.text("### Open tabs\n- 0: (current) " + String.join("\n- ", tabs));
                        })));
    }

    /** One call: who asked (this client, this tool) and the checked arguments. */
    record Call(Initiator by, Map<String, Object> args) {}

    private static ToolSpec.Handler act(TaskDesk desk, String tool,
                                        BiFunction<AssistantBrowser, Call, CallToolResult> work) {
        return (caller, args) -> {
            AssistantBrowser browser = desk.browser(caller.connection());
            try {
                return work.apply(browser, new Call(Initiator.tool(caller.client(), tool), args));
            } catch (RuntimeException e) {
                // The task may have ended during the call (a locked screen, the person quitting): say so.
                TaskDesk.TaskStatus now = desk.status();
                if (!now.running()) {
                    return ToolResults.error("Session ended: " + now.endedBecause()
                            + " Call chaperone_start_task to ask for a new task.");
                }
                throw e;
            }
        };
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static List<AssistantBrowser.FormField> fields(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(f -> (Map<?, ?>) f).map(f -> {
            Object target = f.get("target") != null ? f.get("target") : f.get("ref");
            return new AssistantBrowser.FormField(String.valueOf(f.get("name")), String.valueOf(f.get("type")),
                    String.valueOf(target), String.valueOf(f.get("value")));
        }).toList();
    }

    private static String target(Map<String, Object> args) {
        String target = ToolSpec.string(args, "target");
        return target.isEmpty() ? ToolSpec.string(args, "ref") : target;
    }
}
