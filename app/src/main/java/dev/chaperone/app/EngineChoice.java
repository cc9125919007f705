package dev.chaperone.app;

import dev.chaperone.browser.engine.EngineSettings;
import dev.chaperone.config.ChaperoneConfig;

/** IT's engine settings as the browser module takes them. */
public final class EngineChoice {
    private EngineChoice() {
    }

    public static EngineSettings settings(ChaperoneConfig config) {
        ChaperoneConfig.Engine e = config.engine();
        return new EngineSettings(e.allowUncontained(), e.maxEngineAgeDays(), e.jitless());
    }
}
