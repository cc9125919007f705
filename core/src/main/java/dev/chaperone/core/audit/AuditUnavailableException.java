package dev.chaperone.core.audit;

/** The audit store cannot record: nothing may act until a session starts on a working store. */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
