package dev.chaperone.lifecycle;

/**
 * A notification outside Chaperone's window, from the desktop itself, so the person learns the
 * session ended even when the window is hidden or on another workspace.
 */
public interface DesktopNotifier extends AutoCloseable {
    /** Shows it; returns false (never throws) when the desktop could not be told. */
    boolean notify(String title, String body);

    @Override
    void close();

    DesktopNotifier NONE = new DesktopNotifier() {
        @Override
        public boolean notify(String title, String body) {
            return false;
        }

        @Override
        public void close() {
        }
    };
}
