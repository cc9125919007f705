package dev.chaperone.core.session;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A page's own mark raises the sensitivity IT gave its data, and never lowers it. */
class DataSensitivityTest {
    @Test
    void aPageMayRaiseButNeverLower() {
        assertEquals("secret", DataSensitivity.raise("confidential", Optional.of("secret")));
        assertEquals("confidential", DataSensitivity.raise("confidential", Optional.of("public")));
        assertEquals("confidential", DataSensitivity.raise("confidential", Optional.empty()));
        assertEquals("internal", DataSensitivity.raise(Task.UNKNOWN_SENSITIVITY, Optional.of("internal")));
    }

    @Test
    void itsOwnWordsOffTheLadderStand() {
        assertEquals("payroll-only", DataSensitivity.raise("payroll-only", Optional.of("secret")));
    }

    @Test
    void onlyTheLaddersWordsCountAsAPagesMark() {
        assertEquals(Optional.of("restricted"), DataSensitivity.fromPage("  Restricted "));
        assertEquals(Optional.empty(), DataSensitivity.fromPage("top-secret-ish"));
        assertEquals(Optional.empty(), DataSensitivity.fromPage(null));
        assertEquals(Optional.of("secret"), DataSensitivity.higher(Optional.of("internal"), Optional.of("secret")));
        assertEquals(Optional.of("internal"), DataSensitivity.higher(Optional.of("internal"), Optional.empty()));
    }
}
