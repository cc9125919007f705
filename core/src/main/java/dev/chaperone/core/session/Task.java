package dev.chaperone.core.session;

import dev.chaperone.core.identity.Origin;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the human asked the assistant to do: a title people read, the origin the task's token is
 * for, the broker audience (a logical name such as {@code finance-portal}, or a URI) and optional
 * RFC 8707 resource the token is scoped to, the scopes it may ask for, the read-only helper
 * origins of its target, and how sensitive its target's data is (IT's word, such as
 * {@code confidential}). Nothing outside this is ever granted to the session.
 */
public record Task(String id, String title, Origin allowedOrigin, String audience, Optional<URI> resource,
                   Set<String> scopes, List<Origin> readOnlyOrigins, String sensitivity, Set<String> writeScopes,
                   Optional<Instant> endsAt) {
    /** The sensitivity of data nobody marked. */
    public static final String UNKNOWN_SENSITIVITY = "unknown";

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(allowedOrigin, "allowedOrigin");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(resource, "resource");
        scopes = Set.copyOf(scopes);
        readOnlyOrigins = List.copyOf(readOnlyOrigins);
        Objects.requireNonNull(sensitivity, "sensitivity");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a task must name at least one scope");
        }
        writeScopes = Set.copyOf(writeScopes);
        if (!scopes.containsAll(writeScopes)) {
            throw new IllegalArgumentException("a task's write scopes are among its scopes");
        }
        Objects.requireNonNull(endsAt, "endsAt");
    }

    /** A task with no time limit of its own (its session still ends when the person leaves). */
    public Task(String id, String title, Origin allowedOrigin, String audience, Optional<URI> resource, Set<String> scopes,
                List<Origin> readOnlyOrigins, String sensitivity, Set<String> writeScopes) {
        this(id, title, allowedOrigin, audience, resource, scopes, readOnlyOrigins, sensitivity, writeScopes, Optional.empty());
    }

    /** The same task, ending at {@code end} (an assistant asked for so many minutes). */
    public Task until(Instant end) {
        return new Task(id, title, allowedOrigin, audience, resource, scopes, readOnlyOrigins, sensitivity, writeScopes,
                Optional.of(end));
    }

    /** A task that declared no writes: every scope is for reading. */
    public Task(String id, String title, Origin allowedOrigin, String audience, Optional<URI> resource, Set<String> scopes,
                List<Origin> readOnlyOrigins, String sensitivity) {
        this(id, title, allowedOrigin, audience, resource, scopes, readOnlyOrigins, sensitivity, Set.of());
    }

    /**
     * The task as its session token asks for it: read scopes only. A write scope is never on the
     * token every request carries; an approved write gets one of its own ({@link #forOneWrite}).
     */
    public Task forReading() {
        Set<String> reading = new java.util.HashSet<>(scopes);
        reading.removeAll(writeScopes);
        return new Task(id, title, allowedOrigin, audience, resource, reading.isEmpty() ? scopes : reading, readOnlyOrigins,
                sensitivity, Set.of(), endsAt);
    }

    /** The task as the token for one approved write asks for it: its write scopes only. Empty if it declared none. */
    public Optional<Task> forOneWrite() {
        return writeScopes.isEmpty() ? Optional.empty() : Optional.of(new Task(id, title, allowedOrigin, audience, resource,
                writeScopes, readOnlyOrigins, sensitivity, writeScopes, endsAt));
    }

    /** A task whose sites' data has no marked sensitivity. */
    public Task(String id, String title, Origin allowedOrigin, String audience, Optional<URI> resource, Set<String> scopes,
                List<Origin> readOnlyOrigins) {
        this(id, title, allowedOrigin, audience, resource, scopes, readOnlyOrigins, UNKNOWN_SENSITIVITY);
    }

    /** A task on one site only. */
    public Task(String id, String title, Origin allowedOrigin, String audience, Optional<URI> resource, Set<String> scopes) {
        this(id, title, allowedOrigin, audience, resource, scopes, List.of());
    }

    /** A task whose token is asked for by audience alone (what Keycloak and most brokers honour). */
    public Task(String id, String title, Origin allowedOrigin, String audience, Set<String> scopes) {
        this(id, title, allowedOrigin, audience, Optional.empty(), scopes);
    }

    /**
     * Whether the assistant's browser may reach this origin at all: the task's site, or one its
     * target lists as a read-only helper (never sent the token, never written to).
     */
    public boolean reaches(Origin origin) {
        return allowedOrigin.equals(origin) || readOnlyOrigins.contains(origin);
    }

    /**
     * The same, for a connection where only host and port are known (a proxy's CONNECT: the
     * scheme, https or wss, stays inside the tunnel).
     */
    public boolean reachesHostAndPort(String host, int port) {
        return origins().stream().anyMatch(o -> o.host().equalsIgnoreCase(host) && o.port() == port);
    }

    /** Every origin the task reaches: its own site first, then the read-only helpers. */
    public List<Origin> origins() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(allowedOrigin), readOnlyOrigins.stream()).toList();
    }

    public String scopeText() {
        return String.join(" ", scopes.stream().sorted().toList());
    }
}
