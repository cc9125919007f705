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

    /**
     * The desktop's own notifications where they are wired (Linux: the session bus), else
     * {@link #NONE}: on Windows and macOS the window alone says it for now.
     */
    static DesktopNotifier forThisPlatform(java.util.Optional<String> sessionBus) {
        if (OperatingSystem.current() != OperatingSystem.LINUX) {
            return NONE;
        }
        try {
            return dev.chaperone.lifecycle.linux.FreedesktopNotifications.connect(sessionBus);
        } catch (SourceUnavailableException e) {
            return NONE;
        }
    }

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
