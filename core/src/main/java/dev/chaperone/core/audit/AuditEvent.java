package dev.chaperone.core.audit;

import dev.chaperone.core.session.Attribution;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One typed audit row. {@code attribution} is null only for machine events outside any session
 * (such as wiping a crashed session's leftovers); every assistant action carries one.
 */
public record AuditEvent(Instant at, AuditEventType type, Attribution attribution, Map<String, String> details) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        // Sorted so the row's canonical form (and so its hash) does not depend on map order.
        details = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(details));
    }

    public static AuditEvent of(AuditEventType type, Attribution attribution, Map<String, String> details) {
        return new AuditEvent(Instant.now(), type, attribution, details);
    }

    public static AuditEvent of(AuditEventType type, Attribution attribution) {
        return of(type, attribution, Map.of());
    }
}
