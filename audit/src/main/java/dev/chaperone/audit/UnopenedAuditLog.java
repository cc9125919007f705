package dev.chaperone.audit;

import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.AuditLog;

/**
 * Stands in for an audit file that could not be opened: every entry is refused with the reason,
 * so the app can still show its window and say why no session runs.
 */
public final class UnopenedAuditLog implements AuditLog {
    private final AuditStoreException reason;

    public UnopenedAuditLog(AuditStoreException reason) {
        this.reason = reason;
    }

    public AuditStoreException reason() {
        return reason;
    }

    @Override
    public void record(AuditEntry entry) {
        throw reason;
    }

    @Override
    public void recordDurably(AuditEntry entry) {
        throw reason;
    }
}
