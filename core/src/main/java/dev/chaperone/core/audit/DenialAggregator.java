package dev.chaperone.core.audit;

import dev.chaperone.core.gate.ReasonCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts denied requests per site and reason over a window, so a page firing thousands of them
 * leaves a bounded number of rows: the first denial of each (site, reason) in a window is written
 * on its own, the rest as one {@link AuditEvent.DeniedRequestsAggregated} when the window closes.
 * At most {@link #MAX_KEYS} distinct keys are counted per window; further sites are counted under
 * one {@code (other sites)} key, so random sub-domains cannot flood it either. Totals are exact.
 */
public final class DenialAggregator {
    public static final int MAX_KEYS = 64;
    static final String OTHER_SITES = "(other sites)";

    private record Key(String origin, ReasonCode code) {}

    private final Duration window;
    private final Clock clock;
    private final Consumer<AuditEvent> sink;
    private final Map<Key, long[]> counts = new LinkedHashMap<>();
    private Instant windowStart;

    public DenialAggregator(Duration window, Clock clock, Consumer<AuditEvent> sink) {
        this.window = window;
        this.clock = clock;
        this.sink = sink;
    }

    /**
     * Counts one denial. Returns true when the caller should record this one on its own (the first
     * of its key in the window); false when it is counted for the aggregate row.
     */
    public synchronized boolean offer(String origin, ReasonCode code) {
        flushIfDue();
        Key key = new Key(origin, code);
        if (!counts.containsKey(key) && counts.size() >= MAX_KEYS) {
            key = new Key(OTHER_SITES, code);
        }
        long[] count = counts.get(key);
        if (count == null) {
            counts.put(key, new long[]{0});
            return true;
        }
        count[0]++;
        return false;
    }

    /** Writes the aggregates of a window that has ended; call it now and then, and at the end. */
    public synchronized void flushIfDue() {
        Instant now = clock.instant();
        if (windowStart == null) {
            windowStart = now;
        } else if (!now.isBefore(windowStart.plus(window))) {
            flush();
            windowStart = now;
        }
    }

    /** Writes every pending aggregate now (the session is ending). */
    public synchronized void flush() {
        long millis = windowStart == null ? 0 : Duration.between(windowStart, clock.instant()).toMillis();
        for (Map.Entry<Key, long[]> e : counts.entrySet()) {
            if (e.getValue()[0] > 0) {
                sink.accept(new AuditEvent.DeniedRequestsAggregated(e.getKey().origin(), e.getKey().code(),
                        e.getValue()[0], millis));
            }
        }
        counts.clear();
    }
}
