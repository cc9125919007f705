package dev.chaperone.lifecycle;

import dev.chaperone.core.concurrent.DaemonThreads;
import dev.chaperone.lifecycle.linux.LogindSource;
import dev.chaperone.lifecycle.linux.ScreenSaverSource;
import dev.chaperone.lifecycle.linux.X11Idle;
import dev.chaperone.lifecycle.macos.MacIdle;
import dev.chaperone.lifecycle.macos.MacSessionSource;
import dev.chaperone.lifecycle.windows.WindowsIdle;
import dev.chaperone.lifecycle.windows.WindowsSessionSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one place that knows whether the person is still at the desk: every platform source of
 * "they left" (lock, screen saver, user switch, sleep, logout) and every idle clock, behind one
 * listener. If no source that sees locks can be reached, the idle timeout is halved and
 * {@link Status#seesLocks()} is false, so the window can say so: fail closed, visibly.
 */
public final class Presence implements AutoCloseable {
    /** What the app hears; called on the sources' threads or the idle timer. */
    public interface Listener extends IdleWatch.Listener {
    }

    /**
     * @param systemBus   the D-Bus system bus (Linux), or empty for the usual one
     * @param sessionBus  the D-Bus session bus (Linux), or empty for the usual one
     * @param idleTimeout the configured idle timeout, before any halving
     * @param checkEvery  how often the idle clocks are read
     */
    public record Settings(Optional<String> systemBus, Optional<String> sessionBus, Duration idleTimeout, Duration checkEvery) {
        public static final Duration CHECK_EVERY = Duration.ofMillis(250);
    }

    /**
     * @param watching    the sources and clocks that work
     * @param unavailable why each other one does not
     * @param seesLocks   true when at least one working source reports screen locks
     * @param idleTimeout the timeout in force (halved when no lock source works)
     */
    public record Status(List<String> watching, List<String> unavailable, boolean seesLocks, Duration idleTimeout) {
        public Status {
            watching = List.copyOf(watching);
            unavailable = List.copyOf(unavailable);
        }
    }

    /**
     * The desk as the policy may see it during a session: whether a lock or screen saver was seen
     * since the session started, and the idle time at the last check.
     */
    public record Desk(boolean locked, Duration idle) {
        public static final Desk UNKNOWN = new Desk(false, Duration.ZERO);
    }

    /** A source or clock that could not be made, with the reason, so it is reported rather than skipped. */
    private record Unavailable(String what, String why) {
    }

    private final List<LeavingSource> sources;
    private final List<IdleClock> clocks;
    private final List<Unavailable> missing;
    private final Settings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("chaperone-idle-watch"));
    private final List<LeavingSource> started = new ArrayList<>();
    private volatile IdleWatch idle;
    private volatile boolean lockSeen;

    Presence(List<LeavingSource> sources, List<IdleClock> clocks, List<Unavailable> missing, Settings settings) {
        this.sources = List.copyOf(sources);
        this.clocks = List.copyOf(clocks);
        this.missing = List.copyOf(missing);
        this.settings = settings;
    }

    /** Given sources and clocks (tests, other platforms). */
    public static Presence of(List<LeavingSource> sources, List<IdleClock> clocks, Settings settings) {
        return new Presence(sources, clocks, List.of(), settings);
    }

    /** The sources of this operating system. */
    public static Presence forThisPlatform(Settings settings) {
        List<LeavingSource> sources = new ArrayList<>();
        List<IdleClock> clocks = new ArrayList<>();
        List<Unavailable> missing = new ArrayList<>();
        OperatingSystem os = OperatingSystem.current();
        if (os == OperatingSystem.WINDOWS) {
            sources.add(new WindowsSessionSource());
            clocks.add(new WindowsIdle());
        } else if (os == OperatingSystem.MACOS) {
            sources.add(new MacSessionSource());
            clockOrReason(missing, "macOS idle", () -> clocks.add(new MacIdle()));
        } else {
            LogindSource logind = LogindSource.forThisDesktop(settings.systemBus());
            sources.add(logind);
            clocks.add(logind);
            sources.add(new ScreenSaverSource(settings.sessionBus()));
            try {
                clocks.add(X11Idle.open(Optional.empty()));
            } catch (SourceUnavailableException e) {
                missing.add(new Unavailable("X11 idle", e.getMessage()));
            }
        }
        return new Presence(sources, clocks, missing, settings);
    }

    private static void clockOrReason(List<Unavailable> missing, String what, Runnable make) {
        try {
            make.run();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            missing.add(new Unavailable(what, String.valueOf(e.getMessage())));
        }
    }

    /** Starts every source and the idle timer; says which work. */
    public synchronized Status start(Listener listener) {
        List<String> watching = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        missing.forEach(m -> unavailable.add(m.what() + ": " + m.why()));
        boolean seesLocks = false;
        java.util.function.Consumer<Leaving> heard = leaving -> {
            if (leaving.reason() == dev.chaperone.core.session.EndReason.SCREEN_LOCKED
                    || leaving.reason() == dev.chaperone.core.session.EndReason.SCREEN_SAVER) {
                lockSeen = true;
            }
            listener.leaving(leaving);
        };
        for (LeavingSource source : sources) {
            try {
                source.start(heard);
                started.add(source);
                watching.add(source.name());
                seesLocks |= source.seesLocks();
            } catch (SourceUnavailableException e) {
                unavailable.add(source.name() + ": " + e.getMessage());
            }
        }
        // A source that is also a clock (logind's idle hint) is listed once, and only if it started.
        clocks.stream().filter(c -> !(c instanceof LeavingSource)).forEach(c -> watching.add(c.name()));
        Duration timeout = seesLocks ? settings.idleTimeout() : settings.idleTimeout().dividedBy(2);
        idle = new IdleWatch(timeout, clocks, listener);
        long every = settings.checkEvery().toMillis();
        timer.scheduleWithFixedDelay(idle::check, every, every, TimeUnit.MILLISECONDS);
        return new Status(watching, unavailable, seesLocks, timeout);
    }

    /** A session starts: the idle count begins now (see {@link IdleWatch#restart()}). */
    public synchronized void sessionStarted() {
        lockSeen = false;
        if (idle != null) {
            idle.restart();
        }
    }

    /** The desk now, cheaply (no clock is read): for the policy's context on every decision. */
    public Desk desk() {
        IdleWatch watch = idle;
        return new Desk(lockSeen, watch == null ? Duration.ZERO : watch.lastIdle());
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        started.forEach(LeavingSource::close);
        started.clear();
        clocks.stream().filter(c -> c instanceof AutoCloseable && !(c instanceof LeavingSource)).forEach(c -> {
            try {
                ((AutoCloseable) c).close();
            } catch (Exception ignored) {
                // Closing on the way out.
            }
        });
    }
}
