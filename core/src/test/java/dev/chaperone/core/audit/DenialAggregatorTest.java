package dev.chaperone.core.audit;

import dev.chaperone.core.gate.ReasonCode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenialAggregatorTest {
    private Instant now = Instant.parse("2026-11-29T10:00:00Z");
    private final Clock clock = new Clock() {
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    };
    private final List<AuditEvent> written = new ArrayList<>();
    private final DenialAggregator denials = new DenialAggregator(Duration.ofSeconds(5), clock, written::add);

    @Test
    void aFloodFromOneSiteIsOneRowPlusOneCountPerWindowAndTheTotalIsExact() {
        int individually = 0;
        for (int i = 0; i < 10_000; i++) {
            if (denials.offer("https://tracker.example", ReasonCode.OUTSIDE_TASK_SITE)) {
                individually++;
            }
            if (i == 5_000) {
                now = now.plusSeconds(6);
            }
        }
        denials.flush();
        assertEquals(2, individually, "the first of each window is written on its own");
        long counted = written.stream().mapToLong(e -> ((AuditEvent.DeniedRequestsAggregated) e).count()).sum();
        assertEquals(10_000, individually + counted);
        assertEquals(2, written.size());
    }

    @Test
    void randomSubdomainsAreCountedUnderOneKeyBeyondTheCap() {
        int individually = 0;
        for (int i = 0; i < 5_000; i++) {
            if (denials.offer("https://x" + i + ".tracker.example", ReasonCode.OUTSIDE_TASK_SITE)) {
                individually++;
            }
        }
        denials.flush();
        assertEquals(DenialAggregator.MAX_KEYS + 1, individually);
        assertEquals(1, written.size());
        AuditEvent.DeniedRequestsAggregated other = (AuditEvent.DeniedRequestsAggregated) written.get(0);
        assertEquals(DenialAggregator.OTHER_SITES, other.origin());
        assertEquals(5_000, individually + other.count());
    }

    @Test
    void nothingIsWrittenForAWindowWithOnlyFirstDenials() {
        assertTrue(denials.offer("https://a.example", ReasonCode.OUTSIDE_TASK_SITE));
        assertTrue(denials.offer("https://a.example", ReasonCode.NOT_A_WEB_ADDRESS));
        assertFalse(denials.offer("https://a.example", ReasonCode.NOT_A_WEB_ADDRESS));
        now = now.plusSeconds(5);
        denials.flushIfDue();
        assertEquals(1, written.size());
        assertEquals(1, ((AuditEvent.DeniedRequestsAggregated) written.get(0)).count());
    }
}
