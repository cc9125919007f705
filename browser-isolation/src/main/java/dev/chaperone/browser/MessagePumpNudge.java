package dev.chaperone.browser;

import dev.chaperone.core.concurrent.DaemonThreads;

import javax.swing.SwingUtilities;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps Chromium's browser thread turning while it is busy. With off-screen rendering, JCEF runs
 * that thread's work on the AWT event thread, when Chromium asks for it (onScheduleMessagePumpWork)
 * and otherwise every 33 ms. Chromium does not ask for every message that reaches that thread (a
 * renderer's input acknowledgement, a navigation it began, the end of a load), and such a message
 * waits for the next 33 ms turn: traced in the MCP benchmark, 5 to 8 such waits of 33 to 40 ms in
 * every iteration of five tool calls. So while Chromium is busy (it asked for work in the last
 * quarter second), the loop is also turned every 2 ms; when it is idle, nothing extra runs.
 */
final class MessagePumpNudge implements AutoCloseable {
    private static final long BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long EVERY_MILLIS = 2;

    private final Runnable turn;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("chaperone-cef-pump"));
    // Ticks run only while busy: a timer waking 500 times a second when idle cost more than it saved.
    private final AtomicBoolean ticking = new AtomicBoolean();
    // One turn queued at a time: a busy event thread is not flooded with turns it cannot take yet.
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile long busyUntil;

    /** @param turn queues one turn of Chromium's loop on the event thread */
    MessagePumpNudge(Runnable turn) {
        this.turn = turn;
    }

    /** Chromium asked for work (from any of its threads); a request for work now marks it busy. */
    void workRequested(long delayMillis) {
        if (delayMillis > 0) {
            return;
        }
        busyUntil = System.nanoTime() + BUSY_NANOS;
        if (ticking.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void tick() {
        if (System.nanoTime() - busyUntil > 0) {
            ticking.set(false);
            // Chromium may have asked again between the check and the flag: then keep ticking.
            if (System.nanoTime() - busyUntil > 0 || !ticking.compareAndSet(false, true)) {
                return;
            }
        }
        if (queued.compareAndSet(false, true)) {
            // JCEF's own turn runs the loop on the event thread; the marker queued after it says it ran.
            turn.run();
            SwingUtilities.invokeLater(() -> queued.set(false));
        }
        schedule();
    }

    private void schedule() {
        try {
            ticker.schedule(this::tick, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // Chromium has shut down: nothing left to turn.
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
