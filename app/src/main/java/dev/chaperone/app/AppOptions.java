package dev.chaperone.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How one run of the desktop app is set up. The defaults are the embedded mode: a local broker
 * and the demo portal, no configuration needed.
 *
 * @param dbusSystemBus the D-Bus address to watch for screen lock; empty means the system bus
 * @param machineConfig  IT's managed configuration file
 * @param promptTimeout  overrides the configured prompt timeout (tests); empty means the configuration's
 * @param dbusSessionBus the D-Bus session bus (screen savers, notifications); empty means the usual one
 * @param idleTimeout    overrides the configured idle timeout (tests, the bench); empty means the configuration's
 */
public record AppOptions(AppPaths paths, Optional<Duration> promptTimeout, Optional<String> dbusSystemBus,
                         Path machineConfig, Optional<String> dbusSessionBus, Optional<Duration> idleTimeout) {
    public AppOptions(AppPaths paths, Optional<Duration> promptTimeout, Optional<String> dbusSystemBus, Path machineConfig) {
        this(paths, promptTimeout, dbusSystemBus, machineConfig, Optional.empty(), Optional.empty());
    }

    public static AppOptions defaults() {
        return new AppOptions(AppPaths.fromEnvironment(), Optional.empty(), Optional.empty(),
                AppPaths.MACHINE_CONFIG_DIR.resolve("chaperone.json"));
    }

    public AppOptions withDesktop(String sessionBus, Duration idle) {
        return new AppOptions(paths, promptTimeout, dbusSystemBus, machineConfig, Optional.of(sessionBus), Optional.of(idle));
    }
}
