package dev.chaperone.audit;

import dev.chaperone.core.audit.AuditUnavailableException;

/** The audit file could not be opened, written or read. */
public class AuditStoreException extends AuditUnavailableException {
    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
