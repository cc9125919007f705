package dev.chaperone.core.audit;

/**
 * Where audit events go. Recording must not lose events silently: an implementation that cannot
 * write throws, and callers on the action path treat that as a deny.
 */
public interface AuditLog {
    void record(AuditEvent event);
}
