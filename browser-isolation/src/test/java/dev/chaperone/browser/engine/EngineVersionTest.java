package dev.chaperone.browser.engine;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineVersionTest {
    @Test
    void theBundledEngineHasAKnownReleaseDateSoMovingJcefmavenMeansUpdatingIt() {
        EngineVersion bundled = EngineVersion.bundled();
        assertTrue(bundled.chromium().matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), bundled.toString());
        assertTrue(bundled.released().isPresent(), "engine-release.properties must name Chromium " + bundled.chromium()
                + " (the bundled one) with its release date");
        assertTrue(bundled.releaseTag().contains("chromium-" + bundled.chromium()));
    }

    @Test
    void aDateWrittenForAnotherVersionIsNotTakenForThisOne() {
        Properties release = new Properties();
        release.setProperty("chromium", "146.0.7680.179");
        release.setProperty("released", "2026-05-05");
        EngineVersion same = EngineVersion.of("jcef-d3de827+cef-146.0.10+g8219561+chromium-146.0.7680.179", release);
        EngineVersion newer = EngineVersion.of("jcef-aaaaaaa+cef-150.0.1+gabcdef0+chromium-150.0.7800.10", release);
        assertEquals(Optional.of(LocalDate.of(2026, 5, 5)), same.released());
        assertEquals("146.0.10+g8219561", same.cef());
        assertEquals(Optional.empty(), newer.released());
        assertEquals("Chromium 150.0.7800.10, release date unknown", newer.describe(LocalDate.of(2026, 12, 8)));
        assertEquals("Chromium 146.0.7680.179, released 2026-05-05 (217 days ago)", same.describe(LocalDate.of(2026, 12, 8)));
    }
}
