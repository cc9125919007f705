package dev.chaperone.core.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as it goes to the store: when, who was behind it, and what. {@code who} is empty only
 * for events outside any session, such as loading the configuration or wiping a crashed
 * session's leftovers; every assistant action has one.
 */
public record AuditEntry(Instant at, Optional<AuditAttribution> who, AuditEvent event) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(event, "event");
    }
}
