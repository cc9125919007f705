package dev.chaperone.browser;

import dev.chaperone.core.gate.Initiator;

/**
 * Who gave the browser its latest input: the person in the view, or an assistant's tool. A
 * navigation that Chromium reports as started by a user gesture shortly after is theirs, so what
 * the person does themselves is never put on the assistant (and the reverse).
 */
final class InputOrigin {
    /** How long after an input a gesture-started navigation is still that input's doing. */
    static final long WINDOW_NANOS = 2_000_000_000L;

    private volatile Initiator latest = Initiator.BROWSER;
    private volatile long at;

    void input(Initiator from) {
        latest = from;
        at = System.nanoTime();
    }

    /** Who started a navigation: the latest input's source if it was a gesture just after it, else the browser. */
    Initiator of(boolean userGesture) {
        return userGesture && System.nanoTime() - at < WINDOW_NANOS ? latest : Initiator.BROWSER;
    }
}
