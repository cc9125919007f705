package dev.chaperone.browser.engine;

import java.time.LocalDate;

/** Whether the engine may start, under IT's settings, on what this machine offers. Fails closed. */
public sealed interface EngineAdmission {
    /** It may start, held as {@code containment} says. */
    record Admitted(Containment containment) implements EngineAdmission {}

    /** It may not; {@code reason} says what is missing and what IT can do. */
    record Refused(String reason) implements EngineAdmission {}

    static EngineAdmission decide(EngineVersion engine, Availability available, EngineSettings settings, LocalDate today) {
        if (settings.maxEngineAgeDays().isPresent()) {
            int max = settings.maxEngineAgeDays().get();
            java.util.Optional<Long> age = engine.ageInDays(today);
            if (age.isEmpty()) {
                return new Refused("The assistant's browser (Chromium " + engine.chromium() + ") has no known release date, "
                        + "and IT allows an engine at most " + max + " days old (browser.maxEngineAgeDays). Update Chaperone.");
            }
            if (age.get() > max) {
                return new Refused("The assistant's browser is too old: " + engine.describe(today) + "; IT allows at most "
                        + max + " days (browser.maxEngineAgeDays). Update Chaperone.");
            }
        }
        if (available.osSandbox()) {
            return new Admitted(Containment.of(available));
        }
        if (settings.allowUncontained()) {
            return new Admitted(Containment.uncontainedByIt(available));
        }
        return new Refused("The assistant's browser cannot be contained on this computer, so no session runs: "
                + available.missing() + ". What IT can do: " + available.remedy() + ".");
    }
}
