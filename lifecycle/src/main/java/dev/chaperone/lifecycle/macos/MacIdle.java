package dev.chaperone.lifecycle.macos;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.chaperone.lifecycle.IdleClock;

import java.time.Duration;
import java.util.Optional;

/** macOS idle time: seconds since the last input event of any kind in this login session (CoreGraphics). */
public final class MacIdle implements IdleClock {
    interface CoreGraphics extends Library {
        double CGEventSourceSecondsSinceLastEventType(int sourceStateId, int eventType);
    }

    private static final int COMBINED_SESSION_STATE = 0;
    // kCGAnyInputEventType is ~0.
    private static final int ANY_INPUT_EVENT = ~0;

    private final CoreGraphics graphics = Native.load("CoreGraphics", CoreGraphics.class);

    @Override
    public String name() {
        return "macOS idle (CoreGraphics)";
    }

    @Override
    public Optional<Duration> idleTime() {
        return MacSessionEvents.idleFromSeconds(graphics.CGEventSourceSecondsSinceLastEventType(COMBINED_SESSION_STATE,
                ANY_INPUT_EVENT));
    }
}
