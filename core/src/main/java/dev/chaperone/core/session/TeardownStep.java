package dev.chaperone.core.session;

import dev.chaperone.core.audit.AuditEventType;

import java.util.Map;

/**
 * One part of ending a session (revoke the token, close the browser, wipe the files). Returns the
 * details worth auditing. Steps run in the order given, each even if an earlier one failed.
 */
public interface TeardownStep {
    String name();

    /** The audit row written when this step succeeds. */
    AuditEventType auditType();

    Map<String, String> run() throws Exception;
}
