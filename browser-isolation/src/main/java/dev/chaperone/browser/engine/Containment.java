package dev.chaperone.browser.engine;

import java.util.List;

/**
 * How the assistant's Chromium children are held, as the session-start audit, the banner and
 * {@code chaperone doctor} report it.
 *
 * @param contained whether every child runs inside a sandbox (false only where IT's managed file allows it)
 * @param layers    the sandboxes that hold them, outermost first
 * @param detail    for people: what holds which child, or why nothing does
 */
public record Containment(boolean contained, List<String> layers, String detail) {
    public static final String OS_SANDBOX = "bubblewrap";
    public static final String CHROMIUM_SANDBOX = "chromium-sandbox";

    public Containment {
        layers = List.copyOf(layers);
    }

    public static Containment of(Availability available) {
        if (available.chromiumSandbox()) {
            return new Containment(true, List.of(OS_SANDBOX, CHROMIUM_SANDBOX),
                    "renderers, GPU and storage in Chromium's own sandbox (seccomp-bpf, own user, PID and network "
                            + "namespaces); the network service and the unsandboxed zygote in bubblewrap (no home folder, "
                            + "only the session's profile)");
        }
        return new Containment(true, List.of(OS_SANDBOX),
                "every child in bubblewrap (no home folder, own PID and IPC namespaces, no network but the network "
                        + "service's); Chromium's own sandbox does not run: " + available.whyNoChromiumSandbox());
    }

    static Containment uncontainedByIt(Availability available) {
        return new Containment(false, List.of(), "IT's managed file allows an uncontained engine (browser.allowUncontained); "
                + "missing: " + available.missing());
    }

    /** One line: "contained (bubblewrap, chromium-sandbox)" or "NOT contained (allowed by IT)". */
    public String summary() {
        return contained ? "contained (" + String.join(", ", layers) + ")" : "NOT contained (allowed by IT)";
    }
}
