package dev.chaperone.broker.client;

/**
 * Whether task tokens are bound to a per-session key (RFC 9449). With a bound token, a value that
 * leaks to page script is useless: every request also needs a proof signed by a key that only
 * Chaperone's memory holds.
 */
public enum DpopMode {
    /** Plain bearer tokens. */
    OFF,
    /** Ask for a bound token; accept a bearer token from a broker that cannot bind. */
    PREFERRED,
    /** Refuse (and revoke) any token that is not bound. */
    REQUIRED
}
