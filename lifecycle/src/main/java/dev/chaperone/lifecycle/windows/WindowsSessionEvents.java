package dev.chaperone.lifecycle.windows;

import dev.chaperone.core.session.EndReason;

import java.util.Optional;

/**
 * What the Windows messages Chaperone's hidden window receives mean. Kept apart from the JNA
 * plumbing so the decoding is tested on every system.
 */
public final class WindowsSessionEvents {
    // winuser.h / wtsapi32.h values; the same as jna-platform's constants, written out so this
    // class loads without the Windows libraries.
    static final int WM_QUERYENDSESSION = 0x0011;
    static final int WM_ENDSESSION = 0x0016;
    static final int WM_POWERBROADCAST = 0x0218;
    static final int WM_WTSSESSION_CHANGE = 0x02B1;
    static final int WTS_CONSOLE_DISCONNECT = 0x2;
    static final int WTS_REMOTE_DISCONNECT = 0x4;
    static final int WTS_SESSION_LOGOFF = 0x6;
    static final int WTS_SESSION_LOCK = 0x7;
    static final int PBT_APMSUSPEND = 0x4;

    private WindowsSessionEvents() {
    }

    /** Why the session must end for this message, if it means the person left. */
    public static Optional<EndReason> decode(int message, long wParam) {
        return switch (message) {
            case WM_WTSSESSION_CHANGE -> switch ((int) wParam) {
                case WTS_SESSION_LOCK -> Optional.of(EndReason.SCREEN_LOCKED);
                case WTS_SESSION_LOGOFF -> Optional.of(EndReason.LOGGED_OUT);
                // Fast user switching moves the console to another session: this one disconnects.
                case WTS_CONSOLE_DISCONNECT -> Optional.of(EndReason.USER_SWITCHED);
                case WTS_REMOTE_DISCONNECT -> Optional.of(EndReason.DISCONNECTED);
                default -> Optional.empty();
            };
            case WM_POWERBROADCAST -> wParam == PBT_APMSUSPEND ? Optional.of(EndReason.SUSPENDED) : Optional.empty();
            // Asked (QUERY) or told (END with wParam TRUE) that Windows is logging off or shutting down.
            case WM_QUERYENDSESSION -> Optional.of(EndReason.LOGGED_OUT);
            case WM_ENDSESSION -> wParam != 0 ? Optional.of(EndReason.LOGGED_OUT) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A readable name for the audit. */
    public static String describe(int message, long wParam) {
        return switch (message) {
            case WM_WTSSESSION_CHANGE -> "WM_WTSSESSION_CHANGE(" + switch ((int) wParam) {
                case WTS_SESSION_LOCK -> "WTS_SESSION_LOCK";
                case WTS_SESSION_LOGOFF -> "WTS_SESSION_LOGOFF";
                case WTS_CONSOLE_DISCONNECT -> "WTS_CONSOLE_DISCONNECT";
                case WTS_REMOTE_DISCONNECT -> "WTS_REMOTE_DISCONNECT";
                default -> "0x" + Long.toHexString(wParam);
            } + ")";
            case WM_POWERBROADCAST -> "WM_POWERBROADCAST(0x" + Long.toHexString(wParam) + ")";
            case WM_QUERYENDSESSION -> "WM_QUERYENDSESSION";
            case WM_ENDSESSION -> "WM_ENDSESSION";
            default -> "message 0x" + Integer.toHexString(message);
        };
    }

    /**
     * Idle milliseconds from {@code GetTickCount} and {@code LASTINPUTINFO.dwTime}: both are 32-bit
     * tick counts that wrap after 49.7 days, so the difference is taken unsigned.
     */
    public static long idleMillis(int tickNow, int lastInputTick) {
        return Integer.toUnsignedLong(tickNow - lastInputTick);
    }
}
