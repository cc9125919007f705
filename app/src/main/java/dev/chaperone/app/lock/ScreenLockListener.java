package dev.chaperone.app.lock;

/**
 * Tells when the workstation's screen gets locked. One signal only: what to do about it is the
 * session's business, not the listener's. Platform implementations live beside this type.
 */
public interface ScreenLockListener extends AutoCloseable {
    /** Starts listening; {@code onLocked} may be called from any thread, possibly more than once. */
    void start(Runnable onLocked) throws ScreenLockUnavailableException;

    @Override
    void close();
}
