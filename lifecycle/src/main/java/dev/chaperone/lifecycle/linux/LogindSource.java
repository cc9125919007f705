package dev.chaperone.lifecycle.linux;

import dev.chaperone.core.session.EndReason;
import dev.chaperone.lifecycle.IdleClock;
import dev.chaperone.lifecycle.Leaving;
import dev.chaperone.lifecycle.LeavingSource;
import dev.chaperone.lifecycle.SourceUnavailableException;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * systemd-logind on the system bus, which every Linux desktop with systemd reports to:
 * <ul>
 *   <li>{@code Lock} (logind asks the locker) and {@code LockedHint=true} (the locker reports it): locked;</li>
 *   <li>{@code Active=false}: another session took the seat (user switch) or a remote session was disconnected;</li>
 *   <li>{@code PrepareForSleep(true)} on the manager: suspend or hibernate;</li>
 *   <li>{@code SessionRemoved} of this session: logout;</li>
 *   <li>{@code IdleHint}/{@code IdleSinceHint}: the desktop's own idle reading, used as an idle clock.</li>
 * </ul>
 * When the desktop session is known ({@code XDG_SESSION_ID}) only its object path counts;
 * otherwise any session's signal does. A spoofed signal from another local process can only end
 * the assistant's session early, which is the safe direction.
 */
public final class LogindSource implements LeavingSource, IdleClock {
    static final String SESSION_INTERFACE = "org.freedesktop.login1.Session";
    static final String NAME = "logind";

    private final Optional<String> busAddress;
    private final Optional<String> sessionPath;
    private final Clock clock;
    private DBusConnection connection;
    // Microseconds since the epoch the desktop says the person went idle; empty while active or unknown.
    private volatile Optional<Instant> idleSince = Optional.empty();
    private volatile boolean idleKnown;

    /**
     * @param busAddress a D-Bus address, or empty for the system bus
     * @param sessionId  logind's id of the desktop session, if known
     */
    public LogindSource(Optional<String> busAddress, Optional<String> sessionId, Clock clock) {
        this.busAddress = busAddress;
        this.sessionPath = sessionId.filter(id -> !id.isBlank()).map(LogindSource::sessionObjectPath);
        this.clock = clock;
    }

    public static LogindSource forThisDesktop(Optional<String> busAddress) {
        return new LogindSource(busAddress, Optional.ofNullable(System.getenv("XDG_SESSION_ID")), Clock.systemUTC());
    }

    /** logind's object path for a session id, escaped as sd-bus does (e.g. "2" becomes "_32"). */
    public static String sessionObjectPath(String sessionId) {
        StringBuilder path = new StringBuilder("/org/freedesktop/login1/session/");
        for (int i = 0; i < sessionId.length(); i++) {
            char c = sessionId.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (plain) {
                path.append(c);
            } else {
                path.append('_').append(String.format("%02x", (int) c));
            }
        }
        return path.toString();
    }

    @Override
    public String name() {
        return NAME + " (system bus)";
    }

    @Override
    public boolean seesLocks() {
        return true;
    }

    @Override
    public void start(Consumer<Leaving> onLeaving) throws SourceUnavailableException {
        connection = DBusAddresses.connect(DBusAddresses.system(busAddress), "system bus");
        try {
            connection.addSigHandler(Properties.PropertiesChanged.class, signal -> {
                if (SESSION_INTERFACE.equals(signal.getInterfaceName()) && ours(signal.getPath())) {
                    sessionChanged(signal.getPropertiesChanged(), onLeaving);
                }
            });
            connection.addSigHandler(LoginSession.Lock.class, signal -> {
                if (ours(signal.getPath())) {
                    onLeaving.accept(Leaving.now(EndReason.SCREEN_LOCKED, NAME, "Lock on " + signal.getPath()));
                }
            });
            connection.addSigHandler(LoginManager.PrepareForSleep.class, signal -> {
                if (signal.start()) {
                    onLeaving.accept(Leaving.now(EndReason.SUSPENDED, NAME, "PrepareForSleep(true)"));
                }
            });
            connection.addSigHandler(LoginManager.SessionRemoved.class, signal -> {
                if (ours(signal.sessionPath())) {
                    onLeaving.accept(Leaving.now(EndReason.LOGGED_OUT, NAME, "SessionRemoved " + signal.sessionPath()));
                }
            });
        } catch (DBusException | RuntimeException e) {
            close();
            throw new SourceUnavailableException("logind's signals cannot be received: " + e.getMessage(), e);
        }
    }

    /** What a change of this session's properties means; package-private for the decoding tests. */
    void sessionChanged(Map<String, Variant<?>> changed, Consumer<Leaving> onLeaving) {
        if (isTrue(changed.get("LockedHint"))) {
            onLeaving.accept(Leaving.now(EndReason.SCREEN_LOCKED, NAME, "LockedHint=true"));
        }
        if (isFalse(changed.get("Active"))) {
            onLeaving.accept(Leaving.now(EndReason.USER_SWITCHED, NAME, "Active=false"));
        }
        Variant<?> hint = changed.get("IdleHint");
        if (hint != null && hint.getValue() instanceof Boolean idle) {
            idleKnown = true;
            if (!idle) {
                idleSince = Optional.empty();
            } else {
                Variant<?> since = changed.get("IdleSinceHint");
                long micros = since != null && since.getValue() instanceof UInt64 u ? u.longValue() : 0;
                idleSince = Optional.of(micros > 0 ? Instant.EPOCH.plusNanos(micros * 1000) : clock.instant());
            }
        }
    }

    @Override
    public Optional<Duration> idleTime() {
        if (!idleKnown) {
            return Optional.empty();
        }
        return Optional.of(idleSince.map(since -> Duration.between(since, clock.instant())).filter(d -> !d.isNegative())
                .orElse(Duration.ZERO));
    }

    private boolean ours(String path) {
        return sessionPath.map(p -> p.equals(path)).orElse(path != null && path.startsWith("/org/freedesktop/login1/session/"));
    }

    private static boolean isTrue(Variant<?> value) {
        return value != null && Boolean.TRUE.equals(value.getValue());
    }

    private static boolean isFalse(Variant<?> value) {
        return value != null && Boolean.FALSE.equals(value.getValue());
    }

    @Override
    public void close() {
        DBusAddresses.closeQuietly(connection);
        connection = null;
    }
}
