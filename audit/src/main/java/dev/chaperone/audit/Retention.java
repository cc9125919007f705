package dev.chaperone.audit;

import java.time.Duration;
import java.util.Optional;

/**
 * How much the audit file keeps, from IT's managed configuration. Older rows are never deleted
 * silently: they roll into signed archive files beside the log.
 *
 * @param maxAge rows older than this are archived; empty keeps them regardless of age
 * @param maxEvents at most this many rows stay in the file; 0 means no limit
 */
public record Retention(Optional<Duration> maxAge, long maxEvents) {
    public static final Retention KEEP_ALL = new Retention(Optional.empty(), 0);

    public boolean keepsAll() {
        return maxAge.isEmpty() && maxEvents <= 0;
    }
}
