package dev.chaperone.lifecycle.windows;

import dev.chaperone.core.session.EndReason;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Windows messages' meaning, with the values winuser.h and wtsapi32.h give them. */
class WindowsSessionEventsTest {
    @Test
    void sessionChangesThatMeanThePersonLeft() {
        assertEquals(Optional.of(EndReason.SCREEN_LOCKED), WindowsSessionEvents.decode(0x02B1, 0x7));
        assertEquals(Optional.of(EndReason.LOGGED_OUT), WindowsSessionEvents.decode(0x02B1, 0x6));
        assertEquals(Optional.of(EndReason.USER_SWITCHED), WindowsSessionEvents.decode(0x02B1, 0x2));
        assertEquals(Optional.of(EndReason.DISCONNECTED), WindowsSessionEvents.decode(0x02B1, 0x4));
        assertEquals("WM_WTSSESSION_CHANGE(WTS_SESSION_LOCK)", WindowsSessionEvents.describe(0x02B1, 0x7));
    }

    @Test
    void unlockLogonAndConnectDoNotEndAnything() {
        for (int code : new int[]{0x1, 0x3, 0x5, 0x8, 0x9}) {
            assertEquals(Optional.empty(), WindowsSessionEvents.decode(0x02B1, code), "code " + code);
        }
    }

    @Test
    void suspendAndLogoffMessages() {
        assertEquals(Optional.of(EndReason.SUSPENDED), WindowsSessionEvents.decode(0x0218, 0x4));
        // PBT_APMRESUMEAUTOMATIC (0x12) is waking up, not leaving.
        assertEquals(Optional.empty(), WindowsSessionEvents.decode(0x0218, 0x12));
        assertEquals(Optional.of(EndReason.LOGGED_OUT), WindowsSessionEvents.decode(0x0011, 0));
        assertEquals(Optional.of(EndReason.LOGGED_OUT), WindowsSessionEvents.decode(0x0016, 1));
        assertEquals(Optional.empty(), WindowsSessionEvents.decode(0x0016, 0));
        assertEquals(Optional.empty(), WindowsSessionEvents.decode(0x000F, 0));
    }

    @Test
    void idleTimeSurvivesTheTickCountWrappingAfter49Days() {
        assertEquals(1500, WindowsSessionEvents.idleMillis(11_500, 10_000));
        // GetTickCount wrapped past 2^32 since the last input.
        assertEquals(300, WindowsSessionEvents.idleMillis(100, -200));
        assertEquals(0, WindowsSessionEvents.idleMillis(42, 42));
    }
}
