package dev.chaperone.core.session;

/**
 * Why a session ended: a sentence the employee reads in the window, and the cause as the
 * assistant is told it ("the session ended because the screen was locked").
 */
public enum EndReason {
    SCREEN_LOCKED("Your screen was locked.", "the screen was locked"),
    IDLE_TIMEOUT("You were away for too long.", "the person was away too long"),
    SCREEN_SAVER("The screen saver started.", "the screen saver started"),
    USER_SWITCHED("You switched to another user, or this desktop went to the background.", "the person switched to another user"),
    DISCONNECTED("The remote connection to this computer was closed.", "the remote connection was closed"),
    SUSPENDED("The computer went to sleep.", "the computer went to sleep"),
    LOGGED_OUT("You logged out.", "the person logged out"),
    USER_ENDED("You ended the session.", "the person ended it"),
    APP_QUIT("Chaperone was closed.", "Chaperone was closed"),
    TOKEN_EXPIRED("The assistant's access expired.", "the assistant's access expired"),
    FAILURE("Something went wrong, so the session was stopped to stay safe.", "something failed"),
    BROWSER_CRASHED("The page's process in the assistant's browser stopped, so the session was ended.", "the page's process stopped"),
    START_REFUSED("The session could not start.", "it could not start"),
    TASK_DONE("The assistant ended the task.", "you ended the task"),
    TASK_TIME_UP("The task's time ran out.", "the task's time ran out"),
    AUDIT_UNAVAILABLE("The audit log could not be written, so the session was stopped: the assistant never acts unrecorded.", "the audit log could not be written");

    private final String sentence;
    private final String cause;

    EndReason(String sentence, String cause) {
        this.sentence = sentence;
        this.cause = cause;
    }

    public String sentence() {
        return sentence;
    }

    /** The cause as a clause, for the assistant: "the screen was locked". */
    public String cause() {
        return cause;
    }
}
