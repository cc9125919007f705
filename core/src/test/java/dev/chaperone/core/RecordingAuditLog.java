package dev.chaperone.core;

import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditEventType;
import dev.chaperone.core.audit.AuditLog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory audit log for core tests; the SQLite one is tested in the audit module. */
public final class RecordingAuditLog implements AuditLog {
    public final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    public volatile boolean broken;

    @Override
    public void record(AuditEvent event) {
        if (broken) {
            throw new IllegalStateException("disk full");
        }
        events.add(event);
    }

    public List<AuditEventType> types() {
        return events.stream().map(AuditEvent::type).toList();
    }
}
