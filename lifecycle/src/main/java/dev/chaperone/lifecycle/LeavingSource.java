package dev.chaperone.lifecycle;

import java.util.function.Consumer;

/**
 * One platform's way of telling that the person left: a lock, a user switch, sleep, logout. It
 * reports; deciding what leaving does is the session's business.
 */
public interface LeavingSource extends AutoCloseable {
    /** Short name for the window and the audit, e.g. "logind (system bus)". */
    String name();

    /** True when this source reports screen locks (not only sleep or logout). */
    boolean seesLocks();

    /** Starts listening; {@code onLeaving} may be called from any thread, possibly more than once. */
    void start(Consumer<Leaving> onLeaving) throws SourceUnavailableException;

    @Override
    void close();
}
