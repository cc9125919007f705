package dev.chaperone.app.lock;

/** Lock detection could not be set up (no D-Bus, no logind). The message is for people. */
public class ScreenLockUnavailableException extends Exception {
    public ScreenLockUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
