package dev.chaperone.lifecycle;

import java.time.Duration;
import java.util.Optional;

/** How long the person has not touched the keyboard or mouse, as one platform source knows it. */
public interface IdleClock {
    String name();

    /** The idle time now, or empty when this source cannot tell at the moment. */
    Optional<Duration> idleTime();
}
