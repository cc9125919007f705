package dev.chaperone.app.mcp;

import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.session.RunningSession;
import dev.chaperone.app.session.TaskChoice;
import dev.chaperone.core.audit.ActionFacts;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.browser.AssistantBrowser;
import dev.chaperone.core.concurrent.DaemonThreads;
import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.gate.PersonQuestion;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.session.TaskDesk;
import dev.chaperone.core.session.TaskTarget;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The desk an MCP assistant asks at: a task starts only after the person allowed it in a native
 * prompt (silence is a deny), runs in a fresh session of the app, and ends through the app's one
 * end path: when the assistant ends it, when its minutes run out, or when the person leaves.
 */
public final class McpDesk implements TaskDesk {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private final DesktopApp app;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("chaperone-task-timer"));
    private volatile RunningSession latest;
    // The MCP connection (and client) whose task runs: only it may use the browser or end the task.
    private volatile String owner = "";
    private volatile String ownerClient = "";
    private volatile String intent = "";
    private volatile Instant endsAt;

    public McpDesk(DesktopApp app) {
        this.app = app;
    }

    /** Audits a request the HTTP server refused before MCP saw it. */
    public void refused(String what) {
        app.workstationAudit().recordOrReport(new AuditEvent.McpRequestRefused(what));
    }

    @Override
    public List<TaskTarget> targets() {
        try {
            return app.targets();
        } catch (IOException e) {
            throw new TaskRefusedException("Chaperone's sites are not available: " + e.getMessage());
        }
    }

    @Override
    public synchronized TaskStatus start(TaskRequest request) {
        if (running().isPresent()) {
            throw new TaskRefusedException("A task is already running on " + status().site()
                    + ". Finish it with chaperone_end_task before asking for another.");
        }
        TaskTarget target = targets().stream().filter(t -> t.id().equals(request.site())).findFirst()
                .orElseThrow(() -> new TaskRefusedException("There is no site called \"" + request.site() + "\". Sites: "
                        + targets().stream().map(TaskTarget::id).collect(Collectors.joining(", ")) + "."));
        Set<String> writes = writesFor(target, request.access());
        if (request.minutes() < 1 || request.minutes() > 480) {
            throw new TaskRefusedException("minutes must be between 1 and 480.");
        }
        String access = "read" + writes.stream().map(TaskTarget::accessWord).sorted().map(w -> ", " + w).collect(Collectors.joining());
        if (target.startsWithoutAsking()) {
            // IT's managed file says so for this site; on record as IT's answer, not the person's.
            app.workstationAudit().recordOrReport(new AuditEvent.PromptAnswered(ActionFacts.of(new AssistantAction(
                    ActionKind.TOOL_CALL, "GET", target.home().toString(), "Work on " + target.title() + " to: " + request.intent(),
                    Initiator.tool(request.client(), "chaperone_start_task"))), true, "IT policy: starts without asking", 0));
        } else if (!askThePerson(request, target, access)) {
            throw new TaskRefusedException("The person denied the task. Ask them what they want instead.");
        }
        Optional<String> refused = app.startTask(new TaskChoice(target.id(), writes, request.intent(),
                Optional.of(Duration.ofMinutes(request.minutes()))));
        if (refused.isPresent()) {
            throw new TaskRefusedException("The task could not start: " + refused.get());
        }
        RunningSession session = running().orElseThrow(() -> new TaskRefusedException("The task ended as it started."));
        latest = session;
        owner = request.connection();
        ownerClient = request.client();
        intent = request.intent();
        // The task carries its own end, which the policy sees too: the timer keeps to it.
        endsAt = session.session().attribution().task().endsAt().orElseGet(() -> Instant.now().plus(Duration.ofMinutes(request.minutes())));
        ScheduledFuture<?> ending = timer.schedule(() -> app.endAsync(EndReason.TASK_TIME_UP),
                Math.max(0, Duration.between(Instant.now(), endsAt).toMillis()), TimeUnit.MILLISECONDS);
        session.session().whenEnded().thenAccept(report -> ending.cancel(false));
        return status();
    }

    /** Why the latest task ended, from the moment it began to end; empty if none ended. */
    private String endedBecause() {
        RunningSession last = latest;
        if (last == null || last.session().endingBecause().isEmpty()) {
            return "";
        }
        return "the session ended because " + last.session().endingBecause().get().cause() + " at "
                + LocalTime.ofInstant(last.session().endingAt().orElseThrow(), ZoneId.systemDefault()).format(CLOCK) + ".";
    }

    /** The native prompt, in the person's words; its question and answer are audited. */
    private boolean askThePerson(TaskRequest request, TaskTarget target, String access) {
        Duration timeout = app.promptTimeout();
        AssistantAction action = new AssistantAction(ActionKind.TOOL_CALL, "GET", target.home().toString(),
                "Work on " + target.title() + " for " + request.minutes() + " minutes to: " + request.intent()
                        + ". Access: " + access, Initiator.tool(request.client(), "chaperone_start_task"));
        String user = System.getProperty("user.name");
        Attribution who = new Attribution(new Human(user, user), new AssistantIdentity(request.client(), request.client()),
                target.task("pending", request.intent().isBlank() ? target.title() : request.intent(), Set.of()),
                request.intent(), "pending");
        ApprovalRequest question = new ApprovalRequest(action, who,
                "Your assistant (" + request.client() + ") asks to start a task.", timeout);
        PersonQuestion.Result result = PersonQuestion.ask(app.prompt(), question, app.workstationAudit()::recordOrReport);
        return switch (result.answer()) {
            case ALLOWED, ALLOWED_FOR_A_WHILE -> true;
            case DENIED -> false;
            case TIMED_OUT -> throw new TaskRefusedException("Nobody answered within " + timeout.toSeconds()
                    + " seconds, so no task was started. The person may be away; try again later.");
            case CANCELLED -> throw new TaskRefusedException("The question was cancelled.");
            case FAILED -> throw new TaskRefusedException("The prompt failed, so no task was started: " + result.failure());
        };
    }

    private static Set<String> writesFor(TaskTarget target, Set<String> access) {
        Set<String> writes = new HashSet<>();
        for (String word : access) {
            String w = word.trim().toLowerCase(Locale.ROOT);
            if (w.equals("read")) {
                continue;
            }
            List<String> matching = target.writeScopes().stream().filter(s -> TaskTarget.accessWord(s).equalsIgnoreCase(w) || s.equals(word))
                    .toList();
            if (matching.isEmpty()) {
                throw new TaskRefusedException(target.title() + " has no access called \"" + word + "\". It offers: read"
                        + target.writeScopes().stream().map(TaskTarget::accessWord).sorted().map(s -> ", " + s).collect(Collectors.joining())
                        + ".");
            }
            writes.addAll(matching);
        }
        return writes;
    }

    private Optional<RunningSession> running() {
        return app.session().filter(s -> s.session().isActive());
    }

    @Override
    public TaskStatus status() {
        return running().map(s -> new TaskStatus(true, s.session().attribution().task().allowedOrigin().toString(), intent,
                        s.scopes(), Optional.ofNullable(endsAt), ""))
                .orElseGet(() -> new TaskStatus(false, "", "", Set.of(), Optional.empty(), endedBecause()));
    }

    @Override
    public TaskStatus end(String connection) {
        if (running().isPresent()) {
            requireOwner(connection);
            app.endAsync(EndReason.TASK_DONE).join();
        }
        return status();
    }

    @Override
    public AssistantBrowser browser(String connection) {
        String because = endedBecause();
        RunningSession session = running().orElseThrow(() -> new TaskRefusedException(
                (because.isEmpty() ? "No task is running." : "No task is running: " + because)
                        + " Call chaperone_start_task to ask for one."));
        requireOwner(connection);
        return session.tools();
    }

    private void requireOwner(String connection) {
        if (!owner.equals(connection)) {
            throw new TaskRefusedException("The running task belongs to another assistant connection (" + ownerClient
                    + "). Wait until it ends (chaperone_task_status tells you), then ask for your own.");
        }
    }
}
