package dev.chaperone.core.session;

import dev.chaperone.core.browser.AssistantBrowser;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where an assistant asks for a task and the person stays in charge: a task starts only after the
 * person allowed it (or IT marked the site as starting without a question), runs for the time
 * asked at most, and ends through the one ordered end path. The assistant's browser exists only
 * while a task runs.
 */
public interface TaskDesk {
    /** The sites an assistant may ask for, as IT (or the embedded mode) lists them. */
    List<TaskTarget> targets();

    /**
     * Asks the person and starts the task. Throws {@link TaskRefusedException} when the person
     * denied, nobody answered, a task already runs, or the session could not start, saying which.
     */
    TaskStatus start(TaskRequest request);

    TaskStatus status();

    /**
     * Ends the running task (revoke, close, wipe); says so when none runs. Only the connection that
     * started the task may end it.
     */
    TaskStatus end(String connection);

    /**
     * The running task's browser, for the connection that started the task; throws
     * {@link TaskRefusedException} saying why there is none, or whose task it is.
     */
    AssistantBrowser browser(String connection);

    /**
     * What an assistant asks for.
     *
     * @param client the MCP client's name, from its {@code initialize}
     * @param connection the MCP session the request came on: the task belongs to it
     * @param access words from the site's access: {@code read}, and write scopes by a word they contain
     *               (such as {@code export} for {@code invoices:export})
     */
    record TaskRequest(String client, String connection, String intent, String site, Set<String> access, int minutes) {}

    /**
     * @param endedBecause why the last task ended, when none runs now (empty if none ever ran)
     */
    record TaskStatus(boolean running, String site, String intent, Set<String> scopes, Optional<Instant> endsAt,
                      String endedBecause) {}

    /** A task that did not start or a browser call without a task, with the reason in plain words. */
    class TaskRefusedException extends RuntimeException {
        public TaskRefusedException(String message) {
            super(message);
        }
    }
}
