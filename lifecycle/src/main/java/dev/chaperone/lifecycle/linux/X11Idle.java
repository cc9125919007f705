package dev.chaperone.lifecycle.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import dev.chaperone.lifecycle.IdleClock;
import dev.chaperone.lifecycle.SourceUnavailableException;

import java.time.Duration;
import java.util.Optional;

/**
 * The X server's own idle time (the MIT-SCREEN-SAVER extension, libXss): milliseconds since the
 * last keyboard or mouse input on this display, whatever the desktop or locker. It works on
 * every X11 desktop and under XWayland only for X clients, so on Wayland logind's idle hint and
 * the lock sources carry the weight.
 */
public final class X11Idle implements IdleClock, AutoCloseable {
    /** libX11: the display connection and its root window. */
    interface X11 extends Library {
        Pointer XOpenDisplay(String name);

        int XCloseDisplay(Pointer display);

        NativeLong XDefaultRootWindow(Pointer display);
    }

    /** libXss: the screen saver extension's query. */
    interface Xss extends Library {
        int XScreenSaverQueryExtension(Pointer display, int[] eventBase, int[] errorBase);

        int XScreenSaverQueryInfo(Pointer display, NativeLong drawable, Info info);
    }

    /** XScreenSaverInfo from X11/extensions/scrnsaver.h; Window and unsigned long are C longs. */
    @Structure.FieldOrder({"window", "state", "kind", "tilOrSince", "idle", "eventMask"})
    public static class Info extends Structure {
        public NativeLong window;
        public int state;
        public int kind;
        public NativeLong tilOrSince;
        public NativeLong idle;
        public NativeLong eventMask;
    }

    private final String display;
    private final X11 x11;
    private final Xss xss;
    private Pointer connection;
    private final NativeLong root;

    private X11Idle(String display, X11 x11, Xss xss, Pointer connection) {
        this.display = display;
        this.x11 = x11;
        this.xss = xss;
        this.connection = connection;
        this.root = x11.XDefaultRootWindow(connection);
    }

    /** Opens the display named by {@code DISPLAY}; fails when there is none or it lacks the extension. */
    public static X11Idle open(Optional<String> displayName) throws SourceUnavailableException {
        String name = displayName.or(() -> Optional.ofNullable(System.getenv("DISPLAY"))).filter(d -> !d.isBlank())
                .orElseThrow(() -> new SourceUnavailableException("no X display (DISPLAY is not set)", null));
        X11 x11;
        Xss xss;
        try {
            x11 = Native.load("X11", X11.class);
            xss = Native.load("Xss", Xss.class);
        } catch (UnsatisfiedLinkError e) {
            throw new SourceUnavailableException("libXss is not installed (package libxss1): " + e.getMessage(), e);
        }
        Pointer connection = x11.XOpenDisplay(name);
        if (connection == null) {
            throw new SourceUnavailableException("the X display " + name + " cannot be opened", null);
        }
        if (xss.XScreenSaverQueryExtension(connection, new int[1], new int[1]) == 0) {
            x11.XCloseDisplay(connection);
            throw new SourceUnavailableException("the X display " + name + " has no screen saver extension", null);
        }
        return new X11Idle(name, x11, xss, connection);
    }

    @Override
    public String name() {
        return "X11 idle (" + display + ")";
    }

    @Override
    public synchronized Optional<Duration> idleTime() {
        if (connection == null) {
            return Optional.empty();
        }
        Info info = new Info();
        if (xss.XScreenSaverQueryInfo(connection, root, info) == 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Integer.toUnsignedLong((int) info.idle.longValue())));
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            x11.XCloseDisplay(connection);
            connection = null;
        }
    }
}
