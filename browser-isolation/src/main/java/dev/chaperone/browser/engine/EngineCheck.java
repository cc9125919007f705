package dev.chaperone.browser.engine;

import java.time.LocalDate;

/**
 * The engine as it would start now, on this machine, under IT's settings: which one, what can hold
 * it, and the decision. The runtime starts on it, and {@code chaperone doctor} reports it.
 */
public record EngineCheck(EngineVersion engine, Availability available, EngineAdmission admission, LocalDate today) {
    public static EngineCheck now(EngineSettings settings) {
        EngineVersion engine = EngineVersion.bundled();
        Availability available = EngineSandbox.check();
        LocalDate today = LocalDate.now();
        return new EngineCheck(engine, available, EngineAdmission.decide(engine, available, settings, today), today);
    }
}
