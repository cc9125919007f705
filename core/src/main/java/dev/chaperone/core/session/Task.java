package dev.chaperone.core.session;

import dev.chaperone.core.identity.Origin;

import java.util.Objects;
import java.util.Set;

/**
 * What the human asked the assistant to do: a title people read, the origin the task's token is
 * for, the resource (audience) the broker scopes it to, and the scopes it may ask for. Nothing
 * outside this is ever granted to the session.
 */
public record Task(String id, String title, Origin allowedOrigin, String resource, Set<String> scopes) {
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(allowedOrigin, "allowedOrigin");
        Objects.requireNonNull(resource, "resource");
        scopes = Set.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a task must name at least one scope");
        }
    }

    public String scopeText() {
        return String.join(" ", scopes.stream().sorted().toList());
    }
}
