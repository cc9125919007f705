package dev.chaperone.core.gate;

import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;

import java.util.Optional;

/**
 * The embedded default, used when IT has not installed a policy:
 * reading is allowed; saving files, writes to the task's site and clicks on elements whose name
 * reads as risky need a person; sending data anywhere else or opening non-web schemes is denied.
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
            case DOWNLOAD -> Decision.ask(ReasonCode.SAVING_FILE_NEEDS_PERSON, "Saving a file takes data off the page.");
            case CLICK -> RISKY.matcher(action.label()).find()
                    ? Decision.ask(ReasonCode.RISKY_ELEMENT, "The assistant wants to click \"" + action.label()
                            + "\", which may delete, share, pay or change access.")
                    : Decision.allow(DecidedBy.POLICY, ReasonCode.CLICK_ALLOWED, "Reading and clicking are allowed.");
            case TOOL_CALL -> action.initiator().tool().equals("browser_file_upload")
                    ? Decision.deny(DecidedBy.POLICY, ReasonCode.UPLOAD_NOT_ALLOWED,
                            "Uploading files from this computer is off unless IT's policy allows it.")
                    : Decision.allow(DecidedBy.POLICY, ReasonCode.CLICK_ALLOWED, "Reading and clicking are allowed.");
            case NAVIGATE, REQUEST -> {
                if (action.isSafeMethod()) {
                    yield Decision.allow(DecidedBy.POLICY, ReasonCode.READ_ALLOWED, "Reading web pages is allowed.");
                }
                yield taskSite
                        ? Decision.ask(ReasonCode.UNDECLARED_WRITE, "This would change data on " + origin.get() + ", which the task did not declare.")
                        : Decision.deny(DecidedBy.POLICY, ReasonCode.OUTSIDE_TASK_SITE, "The assistant may only send data to the task's site.");
            }
        };
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
