package dev.chaperone.lifecycle.macos;

import dev.chaperone.core.session.EndReason;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the macOS notifications Chaperone observes mean. Kept apart from the Objective-C plumbing
 * so the decoding is tested on every system.
 */
public final class MacSessionEvents {
    /** Posted to the distributed notification center by loginwindow. */
    public static final List<String> DISTRIBUTED = List.of("com.apple.screenIsLocked", "com.apple.screensaver.didstart");
    /** Posted to NSWorkspace's own notification center. */
    public static final List<String> WORKSPACE = List.of("NSWorkspaceWillSleepNotification",
            "NSWorkspaceSessionDidResignActiveNotification", "NSWorkspaceWillPowerOffNotification");

    private MacSessionEvents() {
    }

    public static Optional<EndReason> decode(String notificationName) {
        return switch (notificationName == null ? "" : notificationName) {
            case "com.apple.screenIsLocked" -> Optional.of(EndReason.SCREEN_LOCKED);
            case "com.apple.screensaver.didstart" -> Optional.of(EndReason.SCREEN_SAVER);
            case "NSWorkspaceWillSleepNotification" -> Optional.of(EndReason.SUSPENDED);
            // Fast user switching: another user's session took the console.
            case "NSWorkspaceSessionDidResignActiveNotification" -> Optional.of(EndReason.USER_SWITCHED);
            case "NSWorkspaceWillPowerOffNotification" -> Optional.of(EndReason.LOGGED_OUT);
            default -> Optional.empty();
        };
    }

    /**
     * {@code CGEventSourceSecondsSinceLastEventType} answers in seconds as a double; anything
     * that is not a finite, non-negative number means it could not tell.
     */
    public static Optional<Duration> idleFromSeconds(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) (seconds * 1_000_000_000L)));
    }
}
