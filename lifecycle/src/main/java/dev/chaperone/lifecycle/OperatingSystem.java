package dev.chaperone.lifecycle;

import java.util.Locale;

/** The desktop systems Chaperone knows, told apart once from {@code os.name}; anything else is treated as Linux. */
public enum OperatingSystem {
    LINUX, WINDOWS, MACOS;

    public static OperatingSystem current() {
        return of(System.getProperty("os.name", ""));
    }

    public static OperatingSystem of(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        if (os.startsWith("mac")) {
            return MACOS;
        }
        return LINUX;
    }
}
