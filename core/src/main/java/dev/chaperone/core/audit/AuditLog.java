package dev.chaperone.core.audit;

/**
 * Where audit entries go. Recording never loses an entry silently: a store that cannot write
 * throws {@link AuditUnavailableException}, now and for every later entry, and callers on the
 * action path treat that as a deny.
 */
public interface AuditLog {
    /** Queues the entry; it is on disk within the store's bounded delay. */
    void record(AuditEntry entry);

    /** Returns only once the entry is on disk: for events that let a risky action go ahead. */
    void recordDurably(AuditEntry entry);
}
