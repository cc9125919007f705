package dev.chaperone.core.audit;

import dev.chaperone.core.session.Attribution;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit as one session (or the workstation, outside sessions) writes it: every event it
 * records carries the same attribution, so no call site can forget or mix it up.
 */
public final class AuditTrail {
    private final AuditLog log;
    private final Optional<Attribution> attribution;
    private final Optional<AuditAttribution> who;
    private final Clock clock;

    private AuditTrail(AuditLog log, Optional<Attribution> attribution, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.attribution = attribution;
        this.who = attribution.map(AuditAttribution::of);
        this.clock = clock;
    }

    public static AuditTrail forSession(AuditLog log, Attribution attribution) {
        return new AuditTrail(log, Optional.of(attribution), Clock.systemUTC());
    }

    /** For events outside any session: configuration, sign-in, leftovers of a crashed session. */
    public static AuditTrail forWorkstation(AuditLog log) {
        return new AuditTrail(log, Optional.empty(), Clock.systemUTC());
    }

    public Optional<Attribution> attribution() {
        return attribution;
    }

    public void record(AuditEvent event) {
        log.record(entry(event));
    }

    /** Returns once the event is on disk; throws if it cannot be. */
    public void recordDurably(AuditEvent event) {
        log.recordDurably(entry(event));
    }

    /**
     * For the end path, which must go on when the store is broken (a session that cannot end is
     * worse than a missing row): says so on stderr instead of throwing.
     */
    public void recordOrReport(AuditEvent event) {
        orReport(event, () -> record(event));
    }

    /** As {@link #recordOrReport}, returning once the event is on disk if it can be. */
    public void recordDurablyOrReport(AuditEvent event) {
        orReport(event, () -> recordDurably(event));
    }

    private static void orReport(AuditEvent event, Runnable recording) {
        try {
            recording.run();
        } catch (RuntimeException e) {
            System.err.println("chaperone: could not audit " + event.type() + ": " + e.getMessage());
        }
    }

    private AuditEntry entry(AuditEvent event) {
        return new AuditEntry(clock.instant(), who, event);
    }
}
