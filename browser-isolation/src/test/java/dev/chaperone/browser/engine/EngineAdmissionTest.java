package dev.chaperone.browser.engine;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fails closed: no sandbox, or an engine older than IT allows, and no session starts. */
class EngineAdmissionTest {
    static final LocalDate TODAY = LocalDate.of(2026, 12, 8);
    static final EngineVersion ENGINE = new EngineVersion("146.0.7680.179", "146.0.10+g8219561", "tag",
            Optional.of(LocalDate.of(2026, 5, 5)));
    static final Availability BOTH = new Availability(true, true, "", "", "");
    static final Availability NONE = Availability.missing("bubblewrap is not installed (/usr/bin/bwrap)", "install bubblewrap");

    @Test
    void withASandboxTheEngineStartsContained() {
        EngineAdmission.Admitted admitted = assertInstanceOf(EngineAdmission.Admitted.class,
                EngineAdmission.decide(ENGINE, BOTH, EngineSettings.DEFAULTS, TODAY));
        assertTrue(admitted.containment().contained());
        assertEquals("contained (bubblewrap, chromium-sandbox)", admitted.containment().summary());
    }

    @Test
    void withoutOneNoSessionStartsAndTheReasonSaysWhatIsMissingAndWhatITCanDo() {
        EngineAdmission.Refused refused = assertInstanceOf(EngineAdmission.Refused.class,
                EngineAdmission.decide(ENGINE, NONE, EngineSettings.DEFAULTS, TODAY));
        assertEquals("The assistant's browser cannot be contained on this computer, so no session runs: bubblewrap is not "
                + "installed (/usr/bin/bwrap). What IT can do: install bubblewrap.", refused.reason());
    }

    @Test
    void itMayAllowAnUncontainedEngineWhichIsThenSaidSo() {
        EngineAdmission.Admitted admitted = assertInstanceOf(EngineAdmission.Admitted.class,
                EngineAdmission.decide(ENGINE, NONE, new EngineSettings(true, Optional.empty(), false), TODAY));
        assertFalse(admitted.containment().contained());
        assertEquals("NOT contained (allowed by IT)", admitted.containment().summary());
        assertTrue(admitted.containment().detail().contains("bubblewrap is not installed"), admitted.containment().detail());
    }

    @Test
    void anEngineOlderThanITAllowsIsRefusedWithItsVersionAndAgeEvenWhereItIsContained() {
        EngineAdmission.Refused refused = assertInstanceOf(EngineAdmission.Refused.class,
                EngineAdmission.decide(ENGINE, BOTH, new EngineSettings(true, Optional.of(180), false), TODAY));
        assertEquals("The assistant's browser is too old: Chromium 146.0.7680.179, released 2026-05-05 (217 days ago); "
                + "IT allows at most 180 days (browser.maxEngineAgeDays). Update Chaperone.", refused.reason());
        assertInstanceOf(EngineAdmission.Admitted.class,
                EngineAdmission.decide(ENGINE, BOTH, new EngineSettings(false, Optional.of(217), false), TODAY));
    }

    @Test
    void anEngineOfUnknownAgeIsRefusedWhereITSetsALimit() {
        EngineVersion unknown = new EngineVersion("150.0.1.1", "150.0.1+g0", "tag", Optional.empty());
        assertInstanceOf(EngineAdmission.Refused.class,
                EngineAdmission.decide(unknown, BOTH, new EngineSettings(false, Optional.of(3650), false), TODAY));
        assertInstanceOf(EngineAdmission.Admitted.class, EngineAdmission.decide(unknown, BOTH, EngineSettings.DEFAULTS, TODAY));
    }
}
