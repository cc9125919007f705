package dev.chaperone.core.session;

import dev.chaperone.core.audit.AuditEvent;

/**
 * One part of ending a session (revoke the token, close the browser, wipe the files). Returns the
 * event that records what it did. Steps run in the order given, each even if an earlier one failed.
 */
public interface TeardownStep {
    String name();

    AuditEvent run() throws Exception;
}
