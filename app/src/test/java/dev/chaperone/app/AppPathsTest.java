package dev.chaperone.app;

import dev.chaperone.lifecycle.OperatingSystem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where things go on each platform, as IT and the XDG spec expect. */
class AppPathsTest {
    @Test
    void itsManagedConfigurationIsInEachPlatformsMachineWidePlace() {
        assertEquals(Path.of("/etc/chaperone"), AppPaths.machineConfigDir(OperatingSystem.of("Linux"), null));
        assertEquals(Path.of("/Library/Application Support/Chaperone"), AppPaths.machineConfigDir(OperatingSystem.of("Mac OS X"), null));
        assertEquals(Path.of("D:\\Shared", "Chaperone"), AppPaths.machineConfigDir(OperatingSystem.of("Windows 11"), "D:\\Shared"));
        assertEquals(Path.of("C:\\ProgramData", "Chaperone"), AppPaths.machineConfigDir(OperatingSystem.of("Windows 11"), ""));
    }

    @Test
    void userFilesFollowXdgAndIgnoreRelativeValues() {
        AppPaths p = AppPaths.from(Map.of("XDG_DATA_HOME", "/d", "XDG_CACHE_HOME", "relative"), Path.of("/home/ann"));
        assertEquals(Path.of("/d/chaperone"), p.dataDir());
        assertEquals(Path.of("/home/ann/.cache/chaperone"), p.cacheDir());
        assertEquals(Path.of("/home/ann/.cache/chaperone/jcef"), p.jcefInstallDir());
    }

    @Test
    void anInstalledPackagesChromiumIsUsedWhereItIs() {
        System.setProperty(AppPaths.PACKAGED_CHROMIUM_PROPERTY, "/opt/chaperone/lib/app/chromium");
        try {
            assertEquals(Path.of("/opt/chaperone/lib/app/chromium"), AppPaths.from(Map.of(), Path.of("/home/ann")).jcefInstallDir());
        } finally {
            System.clearProperty(AppPaths.PACKAGED_CHROMIUM_PROPERTY);
        }
    }
}
