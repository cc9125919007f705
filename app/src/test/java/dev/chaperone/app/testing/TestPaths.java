package dev.chaperone.app.testing;

import dev.chaperone.app.AppPaths;

import java.nio.file.Path;

/** A user of the app who exists only for one test: every XDG folder under one root. */
public final class TestPaths {
    private TestPaths() {
    }

    /** Chromium's unpacked natives are shared in target/, so repeated runs skip the 357 MB extraction. */
    public static AppPaths under(Path root) {
        return new AppPaths(root.resolve("data"), Path.of("target/test-cache").toAbsolutePath(), root.resolve("downloads"),
                root.resolve("config"));
    }
}
