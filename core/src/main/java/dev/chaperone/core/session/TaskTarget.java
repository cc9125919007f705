package dev.chaperone.core.session;

import dev.chaperone.core.identity.Origin;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A site the organisation lets assistants be given tasks on: its origin(s), what the broker calls
 * it (audience and/or resource), the scopes that read and those that write, and how sensitive its
 * data is. IT lists these; a task picks one and the access it needs. IT alone may mark a target as
 * starting without asking the person ({@code startsWithoutAsking}); every action in it still
 * passes the gate.
 */
public record TaskTarget(String id, String title, List<Origin> origins, String audience, Optional<URI> resource,
                         Set<String> readScopes, Set<String> writeScopes, String sensitivity, boolean startsWithoutAsking) {
    /** A target whose tasks start only after the person allowed them (the default). */
    public TaskTarget(String id, String title, List<Origin> origins, String audience, Optional<URI> resource,
                      Set<String> readScopes, Set<String> writeScopes, String sensitivity) {
        this(id, title, origins, audience, resource, readScopes, writeScopes, sensitivity, false);
    }

    public TaskTarget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(sensitivity, "sensitivity");
        origins = List.copyOf(origins);
        if (origins.isEmpty()) {
            throw new IllegalArgumentException("a task target names at least one origin");
        }
        readScopes = Set.copyOf(readScopes);
        writeScopes = Set.copyOf(writeScopes);
        if (readScopes.isEmpty()) {
            throw new IllegalArgumentException("a task target names at least one read scope");
        }
    }

    /** The word an assistant uses for a scope: {@code invoices:export} is {@code export}. */
    public static String accessWord(String scope) {
        int colon = scope.lastIndexOf(':');
        return colon >= 0 ? scope.substring(colon + 1) : scope;
    }

    /**
     * The first origin is where the assistant's browser opens and the only one that gets the token;
     * the others are read-only helpers (a static-file host, a sign-in page) and nothing else is reachable.
     */
    public Origin home() {
        return origins.get(0);
    }

    /** A task on this target with read access, plus the write scopes asked for (only those this target has). */
    public Task task(String taskId, String title, Set<String> writesWanted) {
        if (!writeScopes.containsAll(writesWanted)) {
            Set<String> unknown = new HashSet<>(writesWanted);
            unknown.removeAll(writeScopes);
            throw new IllegalArgumentException(this.title + " has no write access called " + unknown);
        }
        Set<String> scopes = new HashSet<>(readScopes);
        scopes.addAll(writesWanted);
        return new Task(taskId, title, home(), audience, resource, scopes, origins.subList(1, origins.size()), sensitivity,
                writesWanted);
    }
}
