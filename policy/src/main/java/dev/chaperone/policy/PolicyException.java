package dev.chaperone.policy;

/** A policy that cannot be used: its message names the file and the line, in words IT can act on. */
public final class PolicyException extends Exception {
    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
