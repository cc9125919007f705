package dev.chaperone.core.session;

/** Read-only view of whether a session still lets the assistant act. */
public interface SessionState {
    boolean isActive();
}
