package dev.chaperone.core.gate;

import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;

import java.util.Optional;

/**
 * The embedded default, used when IT has not installed a policy. Only the task's sites are
 * reachable: the task's own origin, and read-only helpers its target lists; anything else (a
 * beacon, an iframe, a redirect hop, a WebSocket) is denied. Reading there is allowed; saving
 * files, writes to the task's site and clicks on elements whose name reads as risky need a
 * person; a page may not move itself off the task's site, and service workers are refused.
 */
public final class DefaultPolicy implements Policy {
    /** Element names that read as risky: a click on one waits for the person, before it happens. */
    static final java.util.regex.Pattern RISKY = java.util.regex.Pattern.compile(
            "\\b(delete|remove|share|invite|export|download|pay|payment|transfer|grant|role|admin|api key|token|password)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    @Override
    public Decision evaluate(AssistantAction action, Task task) {
        Optional<Origin> origin = action.origin();
        if (origin.isEmpty()) {
            return evaluateNonWeb(action);
        }
        boolean taskSite = origin.get().equals(task.allowedOrigin());
        return switch (action.kind()) {
            // The person may allow saving files from this site for a while rather than file by file.
            case DOWNLOAD -> Decision.askOffering(ReasonCode.SAVING_FILE_NEEDS_PERSON, "Saving a file takes data off the page.",
                    java.time.Duration.ofMinutes(10));
            case CLICK -> RISKY.matcher(action.label()).find()
                    ? Decision.ask(ReasonCode.RISKY_ELEMENT, "The assistant wants to click \"" + action.label()
                            + "\", which may delete, share, pay or change access.")
                    : Decision.allow(DecidedBy.POLICY, ReasonCode.CLICK_ALLOWED, "Reading and clicking are allowed.");
            case TOOL_CALL -> action.initiator().tool().equals("browser_file_upload")
                    ? Decision.deny(DecidedBy.POLICY, ReasonCode.UPLOAD_NOT_ALLOWED,
                            "Uploading files from this computer is off unless IT's policy allows it.")
                    : Decision.allow(DecidedBy.POLICY, ReasonCode.CLICK_ALLOWED, "Reading and clicking are allowed.");
            case CONNECT -> task.reachesHostAndPort(origin.get().host(), origin.get().port())
                    ? Decision.allow(DecidedBy.POLICY, ReasonCode.CONNECTION_ALLOWED, "A connection to the task's sites.")
                    : outsideTheTask(origin.get());
            case NAVIGATE, REQUEST -> {
                if (action.label().equals(AssistantAction.SERVICE_WORKER)) {
                    yield Decision.deny(DecidedBy.POLICY, ReasonCode.SERVICE_WORKER_REFUSED,
                            "Background scripts (service workers) are off in the assistant's browser.");
                }
                if (!task.reaches(origin.get())) {
                    yield outsideTheTask(origin.get());
                }
                if (action.kind() == ActionKind.NAVIGATE && !taskSite
                        && action.initiator().kind() == Initiator.Kind.ASSISTANT_BROWSER) {
                    yield Decision.deny(DecidedBy.POLICY, ReasonCode.PAGE_LEFT_TASK_SITE, "The page tried to move itself to "
                            + origin.get() + " without anyone clicking; only the task's own site may do that.");
                }
                if (action.isSafeMethod()) {
                    yield Decision.allow(DecidedBy.POLICY, ReasonCode.READ_ALLOWED, "Reading the task's sites is allowed.");
                }
                if (taskSite && !task.writeScopes().isEmpty()) {
                    yield Decision.ask(ReasonCode.WRITE_NEEDS_PERSON, "This would change data on " + origin.get()
                            + ". The task may make changes there, each one once you allow it.");
                }
                yield taskSite
                        ? Decision.ask(ReasonCode.UNDECLARED_WRITE, "This would change data on " + origin.get() + ", which the task did not declare.")
                        : Decision.deny(DecidedBy.POLICY, ReasonCode.READ_ONLY_SITE, origin.get() + " is open to the assistant for reading only.");
            }
        };
    }

    private static Decision outsideTheTask(Origin origin) {
        return Decision.deny(DecidedBy.POLICY, ReasonCode.OUTSIDE_TASK_SITE,
                origin + " is not one of the task's sites; the assistant's browser reaches only those.");
    }

    private static Decision evaluateNonWeb(AssistantAction action) {
        String url = action.url();
        if (url.equals("about:blank")) {
            return Decision.allow(DecidedBy.POLICY, ReasonCode.EMPTY_PAGE, "An empty page.");
        }
        // data: and blob: never leave the browser; pages use them for images and generated files.
        boolean inPage = url.startsWith("data:") || url.startsWith("blob:");
        if (inPage && action.kind() == ActionKind.REQUEST) {
            return Decision.allow(DecidedBy.POLICY, ReasonCode.IN_PAGE_CONTENT, "Content inside the page.");
        }
        if (inPage && action.kind() == ActionKind.DOWNLOAD) {
            return Decision.ask(ReasonCode.SAVING_FILE_NEEDS_PERSON, "Saving a file takes data off the page.");
        }
        return Decision.deny(DecidedBy.POLICY, ReasonCode.NOT_A_WEB_ADDRESS, "Only web pages may be opened, not " + scheme(url) + " addresses.");
    }

    private static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon > 0 ? url.substring(0, colon) : "unknown";
    }
}
