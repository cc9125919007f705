package dev.chaperone.browser.engine;

/**
 * What this machine offers to contain Chromium's children, as {@link EngineSandbox#check} found it.
 *
 * @param osSandbox       bubblewrap can make a sandbox here (mount, PID, IPC and network namespaces)
 * @param chromiumSandbox Chromium's own sandbox can run too (not as root; needs user namespaces)
 * @param missing         what is missing, for people; empty when {@code osSandbox}
 * @param remedy          what IT can do about it; empty when nothing is missing
 * @param whyNoChromiumSandbox why Chromium's own sandbox cannot run; empty when it can
 */
public record Availability(boolean osSandbox, boolean chromiumSandbox, String missing, String remedy,
                           String whyNoChromiumSandbox) {
    static Availability missing(String what, String remedy) {
        return new Availability(false, false, what, remedy, what);
    }
}
