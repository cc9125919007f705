package dev.chaperone.core.session;

/** Why a session ended, in words the employee reads in the window. */
public enum EndReason {
    SCREEN_LOCKED("Your screen was locked."),
    IDLE_TIMEOUT("You were away for too long."),
    USER_ENDED("You ended the session."),
    APP_QUIT("Chaperone was closed."),
    TOKEN_EXPIRED("The assistant's access expired."),
    FAILURE("Something went wrong, so the session was stopped to stay safe."),
    BROWSER_CRASHED("The assistant's browser crashed, so the session was stopped."),
    START_REFUSED("The session could not start."),
    TASK_DONE("The assistant ended the task."),
    TASK_TIME_UP("The task's time ran out."),
    AUDIT_UNAVAILABLE("The audit log could not be written, so the session was stopped: the assistant never acts unrecorded.");

    private final String sentence;

    EndReason(String sentence) {
        this.sentence = sentence;
    }

    public String sentence() {
        return sentence;
    }
}
