package dev.chaperone.core.gate;

/**
 * Whether the caller can wait for a person. Browser callbacks that must answer on the spot
 * (request filtering) cannot; their "ask" becomes a deny with a reason, never an allow.
 */
public enum Interaction {
    CAN_WAIT_FOR_HUMAN,
    CANNOT_WAIT
}
