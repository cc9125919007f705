package dev.chaperone.audit;

/** The audit file could not be opened, written or read. */
public class AuditStoreException extends RuntimeException {
    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
