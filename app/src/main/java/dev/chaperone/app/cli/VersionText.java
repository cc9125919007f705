package dev.chaperone.app.cli;

import dev.chaperone.app.Version;
import dev.chaperone.browser.engine.EngineVersion;
import picocli.CommandLine.IVersionProvider;

import java.time.LocalDate;

/** {@code chaperone --version}: the product and the Chromium it carries, with that engine's age. */
public final class VersionText implements IVersionProvider {
    @Override
    public String[] getVersion() {
        EngineVersion engine = EngineVersion.bundled();
        return new String[]{"chaperone " + Version.CURRENT,
                "engine: " + engine.describe(LocalDate.now()) + " (CEF " + engine.cef() + ")"};
    }
}
