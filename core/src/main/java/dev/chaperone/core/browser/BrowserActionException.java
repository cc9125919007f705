package dev.chaperone.core.browser;

/**
 * A browser action that did not happen, with a message written for whoever asked (an AI model
 * reads it): what went wrong and what to do next, never a stack trace.
 */
public class BrowserActionException extends RuntimeException {
    public BrowserActionException(String message) {
        super(message);
    }

    public BrowserActionException(String message, Throwable cause) {
        super(message, cause);
    }
}
