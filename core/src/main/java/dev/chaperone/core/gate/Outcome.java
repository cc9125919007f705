package dev.chaperone.core.gate;

public enum Outcome {
    ALLOW,
    DENY,
    /** A person must decide. Only ever an intermediate answer: the gate itself ends in allow or deny. */
    ASK
}
