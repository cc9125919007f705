package dev.chaperone.app;

import dev.chaperone.lifecycle.OperatingSystem;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Chaperone keeps things, following the XDG base directory spec on Linux:
 * keys, audit log and session profiles under the data home; unpacked Chromium under the cache
 * home; the user's configuration under the config home; approved downloads in the user's
 * download folder.
 */
public record AppPaths(Path dataDir, Path cacheDir, Path downloadsDir, Path configDir) {
    /**
     * IT's machine-wide managed configuration: {@code /etc/chaperone} on Linux,
     * {@code %ProgramData%\Chaperone} on Windows, {@code /Library/Application Support/Chaperone} on macOS.
     */
    public static final Path MACHINE_CONFIG_DIR = machineConfigDir(OperatingSystem.current(), System.getenv("ProgramData"));

    static Path machineConfigDir(OperatingSystem os, String programData) {
        return switch (os) {
            case WINDOWS -> Path.of(programData == null || programData.isBlank() ? "C:\\ProgramData" : programData, "Chaperone");
            case MACOS -> Path.of("/Library/Application Support/Chaperone");
            case LINUX -> Path.of("/etc/chaperone");
        };
    }

    public static AppPaths fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static AppPaths from(Map<String, String> env, Path home) {
        Path data = xdg(env, "XDG_DATA_HOME", home.resolve(".local/share")).resolve("chaperone");
        Path cache = xdg(env, "XDG_CACHE_HOME", home.resolve(".cache")).resolve("chaperone");
        Path downloads = xdg(env, "XDG_DOWNLOAD_DIR", home.resolve("Downloads")).resolve("Chaperone");
        Path config = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("chaperone");
        return new AppPaths(data, cache, downloads, config);
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        // The spec says relative values are invalid and must be ignored.
        return value != null && value.startsWith("/") ? Path.of(value) : fallback;
    }

    public Path assistantKey() {
        return dataDir.resolve("keys/assistant.jwk");
    }

    public Path auditLog() {
        return dataDir.resolve("audit.db");
    }

    public Path sessionsDir() {
        return dataDir.resolve("sessions");
    }

    public Path userConfig() {
        return configDir.resolve("chaperone.json");
    }

    /**
     * Where Chromium's files are: unpacked inside the installed package (the launcher passes
     * {@value #PACKAGED_CHROMIUM_PROPERTY}), so nothing is unpacked into the home folder; from a
     * source checkout, unpacked once from the bundled natives jar into the cache home.
     */
    public Path jcefInstallDir() {
        String packaged = System.getProperty(PACKAGED_CHROMIUM_PROPERTY);
        return packaged != null && !packaged.isBlank() ? Path.of(packaged) : cacheDir.resolve("jcef");
    }

    public static final String PACKAGED_CHROMIUM_PROPERTY = "chaperone.chromium.dir";
}
