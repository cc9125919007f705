package dev.chaperone.core.gate;

/**
 * Why a decision came out as it did, as a stable code: SIEM rules and the aggregation of repeated
 * denials key on it, while {@link Decision#reason()} carries the sentence a person reads.
 */
public enum ReasonCode {
    READ_ALLOWED,
    CLICK_ALLOWED,
    EMPTY_PAGE,
    IN_PAGE_CONTENT,
    SAVING_FILE_NEEDS_PERSON,
    UNDECLARED_WRITE,
    WRITE_NEEDS_PERSON,
    RISKY_ELEMENT,
    UPLOAD_NOT_ALLOWED,
    OUTSIDE_TASK_SITE,
    READ_ONLY_SITE,
    PAGE_LEFT_TASK_SITE,
    CONNECTION_ALLOWED,
    SERVICE_WORKER_REFUSED,
    SCREEN_LOCKED,
    POLICY_RULE,
    NOT_A_WEB_ADDRESS,
    SESSION_ENDED,
    AUDIT_UNAVAILABLE,
    SAFETY_CHECK_FAILED,
    NO_RULE_ALLOWED,
    CANNOT_WAIT_FOR_PERSON,
    PERSON_ALLOWED,
    STANDING_GRANT,
    PERSON_DENIED,
    NO_ANSWER_IN_TIME,
    QUESTION_CANCELLED,
    PROMPT_FAILED
}
