package dev.chaperone.browser;

/** Chromium could not start or stop. The message is for people. */
public class BrowserStartException extends Exception {
    public BrowserStartException(String message) {
        super(message);
    }

    public BrowserStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
