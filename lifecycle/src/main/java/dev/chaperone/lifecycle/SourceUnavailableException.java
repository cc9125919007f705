package dev.chaperone.lifecycle;

/** A source could not be set up (no D-Bus, no X server, not this platform). The message is for people. */
public class SourceUnavailableException extends Exception {
    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
