package dev.chaperone.core.audit;

/** Every kind of row the audit log holds. Names are stable: exports and SIEM rules key on them. */
public enum AuditEventType {
    SESSION_STARTED,
    SESSION_REFUSED,
    TOKEN_ISSUED,
    TOKEN_RENEWAL_FAILED,
    NAVIGATION,
    ACTION_DECIDED,
    APPROVAL_PROMPTED,
    DOWNLOAD_COMPLETED,
    DOWNLOAD_CANCELLED,
    SCREEN_LOCKED,
    SESSION_ENDING,
    TOKEN_REVOKED,
    BROWSER_CLOSED,
    PROFILE_WIPED,
    TEARDOWN_STEP_FAILED,
    SESSION_ENDED,
    LEFTOVERS_WIPED
}
