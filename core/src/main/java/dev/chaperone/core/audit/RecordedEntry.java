package dev.chaperone.core.audit;

/** An entry read back from the store, with its place in the chain. */
public record RecordedEntry(long seq, AuditEntry entry) {
}
