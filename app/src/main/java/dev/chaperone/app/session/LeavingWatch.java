package dev.chaperone.app.session;

import dev.chaperone.core.audit.AuditEvent;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.session.EndReason;
import dev.chaperone.core.session.TeardownReport;
import dev.chaperone.lifecycle.DesktopNotifier;
import dev.chaperone.lifecycle.Leaving;
import dev.chaperone.lifecycle.Presence;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Connects the lifecycle's {@link Presence} to the running app: the person leaving ends the
 * session (actions refused at once, then the supervisor's ordered end), idle warns in the window
 * first, and the end is told outside the window too, by a desktop notification.
 */
public final class LeavingWatch implements AutoCloseable {
    /** What the window shows; called from the watch's threads, so implementations hop to their UI thread. */
    public interface Window {
        void idleWarning(Duration left);

        void idleBack();

        /** No source sees screen locks (each unreachable one with why): say so, with the idle timeout used instead. */
        void lockNotWatched(Duration idleTimeout, java.util.List<String> unavailable);
    }

    // The person did these themselves and saw the window say so; a notification would only repeat it.
    private static final Set<EndReason> NOT_NOTIFIED = EnumSet.of(EndReason.USER_ENDED, EndReason.APP_QUIT);

    private final Presence presence;
    private final DesktopNotifier notifier;
    private final Supplier<SessionSupervisor> supervisor;
    private final AuditTrail workstation;
    private final Window window;

    public LeavingWatch(Presence presence, DesktopNotifier notifier, Supplier<SessionSupervisor> supervisor,
                        AuditTrail workstation, Window window) {
        this.presence = presence;
        this.notifier = notifier;
        this.supervisor = supervisor;
        this.workstation = workstation;
        this.window = window;
    }

    /** Starts the platform's sources; tells the window (and the audit) what is watched and what cannot be. */
    public Presence.Status start() {
        Presence.Status status = presence.start(new Presence.Listener() {
            @Override
            public void idleWarning(Duration left) {
                window.idleWarning(left);
            }

            @Override
            public void back() {
                window.idleBack();
            }

            @Override
            public void leaving(Leaving leaving) {
                left(leaving);
            }
        });
        workstation.recordOrReport(new AuditEvent.LeavingWatched(status.watching(), status.unavailable(),
                status.seesLocks(), status.idleTimeout().toSeconds()));
        if (!status.seesLocks()) {
            window.lockNotWatched(status.idleTimeout(), status.unavailable());
        }
        return status;
    }

    /** The desk now, for the policy's context (locked, idle seconds). */
    public Presence.Desk desk() {
        return presence.desk();
    }

    /**
     * A session is about to start: idle counts from now and a lock seen before no longer counts,
     * so the new session's first navigation is not refused for the last one's lock.
     */
    public void sessionStarting() {
        presence.sessionStarted();
    }

    /** A session runs: its end is told by a notification. */
    public void watch(RunningSession session) {
        session.session().whenEnded().thenAccept(this::tellEnded);
    }

    private void left(Leaving leaving) {
        SessionSupervisor current = supervisor.get();
        window.idleBack();
        if (current != null) {
            current.endBecauseLeft(leaving.reason(), new AuditEvent.PersonLeft(leaving.reason(), leaving.source(),
                    leaving.detail()));
        }
    }

    private void tellEnded(TeardownReport report) {
        if (NOT_NOTIFIED.contains(report.reason())) {
            return;
        }
        String done = report.allSucceeded()
                ? "Its access was revoked and its browser closed and wiped."
                : "Something did not finish cleanly; Chaperone's window says what.";
        notifier.notify("The assistant's session ended", report.reason().sentence() + " " + done);
    }

    @Override
    public void close() {
        presence.close();
        notifier.close();
    }
}
