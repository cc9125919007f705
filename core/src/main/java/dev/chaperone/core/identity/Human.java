package dev.chaperone.core.identity;

import java.util.List;
import java.util.Objects;

/**
 * The signed-in employee the assistant acts for: the subject of every task token, and the groups
 * the sign-in said they are in (for IT's policy rules; empty when it said none).
 */
public record Human(String subject, String displayName, List<String> groups) {
    public Human {
        requireText(subject, "subject");
        requireText(displayName, "displayName");
        groups = List.copyOf(groups);
    }

    public Human(String subject, String displayName) {
        this(subject, displayName, List.of());
    }

    static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
