package dev.chaperone.lifecycle.macos;

import dev.chaperone.core.session.EndReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The macOS notifications' meaning and the idle reading's edge cases. */
class MacSessionEventsTest {
    @Test
    void everyObservedNotificationMeansLeaving() {
        assertEquals(Optional.of(EndReason.SCREEN_LOCKED), MacSessionEvents.decode("com.apple.screenIsLocked"));
        assertEquals(Optional.of(EndReason.SCREEN_SAVER), MacSessionEvents.decode("com.apple.screensaver.didstart"));
        assertEquals(Optional.of(EndReason.SUSPENDED), MacSessionEvents.decode("NSWorkspaceWillSleepNotification"));
        assertEquals(Optional.of(EndReason.USER_SWITCHED), MacSessionEvents.decode("NSWorkspaceSessionDidResignActiveNotification"));
        assertEquals(Optional.of(EndReason.LOGGED_OUT), MacSessionEvents.decode("NSWorkspaceWillPowerOffNotification"));
        for (String observed : MacSessionEvents.DISTRIBUTED) {
            assertTrue(MacSessionEvents.decode(observed).isPresent(), observed);
        }
        for (String observed : MacSessionEvents.WORKSPACE) {
            assertTrue(MacSessionEvents.decode(observed).isPresent(), observed);
        }
    }

    @Test
    void unlockAndOthersAreNotLeaving() {
        assertEquals(Optional.empty(), MacSessionEvents.decode("com.apple.screenIsUnlocked"));
        assertEquals(Optional.empty(), MacSessionEvents.decode("NSWorkspaceDidWakeNotification"));
        assertEquals(Optional.empty(), MacSessionEvents.decode(null));
    }

    @Test
    void idleSecondsBecomeADurationAndNonsenseMeansUnknown() {
        assertEquals(Optional.of(Duration.ofMillis(2500)), MacSessionEvents.idleFromSeconds(2.5));
        assertEquals(Optional.empty(), MacSessionEvents.idleFromSeconds(Double.NaN));
        assertEquals(Optional.empty(), MacSessionEvents.idleFromSeconds(-1));
        assertEquals(Optional.empty(), MacSessionEvents.idleFromSeconds(Double.POSITIVE_INFINITY));
    }
}
