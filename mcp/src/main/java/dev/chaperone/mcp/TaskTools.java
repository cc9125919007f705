package dev.chaperone.mcp;

import dev.chaperone.core.session.TaskDesk;
import dev.chaperone.core.session.TaskDesk.TaskStatus;
import dev.chaperone.core.session.TaskTarget;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The tools that keep the person in charge: ask for a task, see it, end it. */
final class TaskTools {
    private TaskTools() {
    }

    static List<SyncToolSpecification> all(McpJsonMapper json, TaskDesk desk) {
        String sites = desk.targets().stream().map(t -> "\"" + t.id() + "\" (" + t.title() + ": read"
                + t.writeScopes().stream().map(s -> ", " + TaskTarget.accessWord(s)).sorted().collect(Collectors.joining()) + ")")
                .collect(Collectors.joining(", "));
        String siteEnum = desk.targets().stream().map(t -> "\"" + t.id() + "\"").collect(Collectors.joining(","));
        return List.of(
                ToolSpec.tool(json, "chaperone_start_task", "Start a task",
                        "Ask the person for a task before using any browser_ tool. The person sees a prompt on their "
                                + "desktop and allows or denies it; silence is a deny. While the task runs you browse in "
                                + "your own supervised browser under your own identity, only on that site, for at most the "
                                + "minutes asked. Risky clicks (delete, share, export, ...) wait for the person. Sites: "
                                + sites + ".",
                        """
                        {"type":"object","properties":{
                          "intent":{"type":"string","minLength":3,"maxLength":500,"description":"What the task is for, in the person's words; shown to them and kept in the audit"},
                          "site":{"type":"string","enum":[%s],"description":"Which site"},
                          "access":{"type":"array","items":{"type":"string"},"minItems":1,"description":"read, plus any write access the site offers (such as export)"},
                          "minutes":{"type":"integer","minimum":1,"maximum":480,"description":"How long the task may run"}},
                         "required":["intent","site","access","minutes"],"additionalProperties":false}
                        """.formatted(siteEnum),
                        false, false, (caller, args) -> {
                            Set<String> access = new LinkedHashSet<>();
                            Object raw = args.get("access");
                            if (raw instanceof List<?> list) {
                                list.forEach(a -> access.add(String.valueOf(a)));
                            }
                            TaskStatus started = desk.start(new TaskDesk.TaskRequest(caller.client(), caller.connection(),
                                    ToolSpec.string(args, "intent"),
                                    ToolSpec.string(args, "site"), access, ((Number) args.get("minutes")).intValue()));
                            return ToolResults.text("The person allowed the task. " + describe(started)
                                    + " Start with browser_snapshot or browser_navigate.");
                        }),
                ToolSpec.tool(json, "chaperone_task_status", "Task status",
                        "Whether a task runs, on which site, with which access and until when; or why the last one ended.",
                        "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
                        true, false, (caller, args) -> ToolResults.text(describe(desk.status()))),
                ToolSpec.tool(json, "chaperone_end_task", "End the task",
                        "End the running task when you are done: your access is revoked, the browser closed and its "
                                + "data wiped. Call chaperone_start_task for a new one.",
                        "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
                        false, false, (caller, args) -> ToolResults.text(describe(desk.end(caller.connection())))));
    }

    static String describe(TaskStatus status) {
        if (!status.running()) {
            return status.endedBecause().isEmpty() ? "No task is running. Call chaperone_start_task to ask for one."
                    : "No task is running: " + status.endedBecause() + " Call chaperone_start_task to ask for a new one.";
        }
        return "A task is running on " + status.site() + " to: " + status.intent() + ". Access: "
                + String.join(", ", status.scopes().stream().sorted().toList())
                + status.endsAt().map(t -> ". It ends at the latest at " + t + ".").orElse(".");
    }

}
