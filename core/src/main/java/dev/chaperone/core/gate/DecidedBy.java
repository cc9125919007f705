package dev.chaperone.core.gate;

/** Who settled a decision, for the audit trail. */
public enum DecidedBy {
    POLICY,
    HUMAN,
    /** Nobody answered the prompt in time: silence is a deny. */
    TIMEOUT,
    /** The gate itself, failing closed (session over, audit failure, no step answered). */
    GATE
}
