package dev.chaperone.core.identity;

import java.util.Objects;

/** The signed-in employee the assistant acts for: the subject of every task token. */
public record Human(String subject, String displayName) {
    public Human {
        requireText(subject, "subject");
        requireText(displayName, "displayName");
    }

    static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
