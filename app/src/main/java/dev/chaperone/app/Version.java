package dev.chaperone.app;

/**
 * The product's version, as the launcher, exports and MCP clients are told it. A type of its own
 * below the launcher, so that what reports the version does not depend on {@code Main}.
 */
public final class Version {
    public static final String CURRENT = "0.1.0";

    private Version() {
    }
}
