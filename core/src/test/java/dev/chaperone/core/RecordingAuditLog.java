package dev.chaperone.core;

import dev.chaperone.core.audit.AuditEntry;
import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditLog;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.audit.AuditUnavailableException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory audit log for core tests; the SQLite one is tested in the audit module. */
public final class RecordingAuditLog implements AuditLog {
    public final List<AuditEntry> entries = new CopyOnWriteArrayList<>();
    public final List<AuditEntry> durable = new CopyOnWriteArrayList<>();
    public volatile boolean broken;

    @Override
    public void record(AuditEntry entry) {
        if (broken) {
            throw new AuditUnavailableException("disk full", null);
        }
        entries.add(entry);
    }

    @Override
    public void recordDurably(AuditEntry entry) {
        record(entry);
        durable.add(entry);
    }

    public AuditTrail trail() {
        return AuditTrail.forSession(this, Fixtures.WHO);
    }

    public List<AuditEvent> events() {
        return entries.stream().map(AuditEntry::event).toList();
    }

    public List<String> types() {
        return events().stream().map(AuditEvent::type).toList();
    }
}
