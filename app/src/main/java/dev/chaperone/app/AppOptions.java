package dev.chaperone.app;

import java.time.Duration;
import java.util.Optional;

/**
 * How one run of the desktop app is set up. The defaults are the embedded mode: a local broker
 * and the demo portal, no configuration needed.
 *
 * @param dbusSystemBus the D-Bus address to watch for screen lock; empty means the system bus
 */
public record AppOptions(AppPaths paths, Duration promptTimeout, Optional<String> dbusSystemBus) {
    public static final Duration DEFAULT_PROMPT_TIMEOUT = Duration.ofSeconds(30);

    public static AppOptions defaults() {
        return new AppOptions(AppPaths.fromEnvironment(), DEFAULT_PROMPT_TIMEOUT, Optional.empty());
    }
}
