package dev.chaperone.lifecycle;

import dev.chaperone.core.session.EndReason;

/**
 * The person left, as one platform source saw it: why the session must end, which source said so
 * (for the audit: "logind", "org.gnome.ScreenSaver", "X11 idle"), and what it saw exactly.
 *
 * @param seenAtNanos {@link System#nanoTime()} when the source saw it, to measure what ending takes
 */
public record Leaving(EndReason reason, String source, String detail, long seenAtNanos) {
    public static Leaving now(EndReason reason, String source, String detail) {
        return new Leaving(reason, source, detail, System.nanoTime());
    }
}
