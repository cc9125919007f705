package dev.chaperone.app.session;

import dev.chaperone.core.session.TaskTarget;

import java.util.Set;

/**
 * The task an assistant asked for and the person allowed: which site, which write access, what
 * for, and for how long (empty: until the person or the assistant ends it).
 */
public record TaskChoice(String targetId, Set<String> writeScopes, String intent, java.util.Optional<java.time.Duration> timeLimit) {
    public TaskChoice {
        writeScopes = Set.copyOf(writeScopes);
        java.util.Objects.requireNonNull(timeLimit, "timeLimit");
    }

    public TaskChoice(String targetId, Set<String> writeScopes, String intent) {
        this(targetId, writeScopes, intent, java.util.Optional.empty());
    }

    /** The title the banner and the audit show: the intent, shortened. */
    public String title(TaskTarget target) {
        String shortIntent = intent.length() > 80 ? intent.substring(0, 77) + "…" : intent;
        return shortIntent.isBlank() ? "Work on " + target.title() : shortIntent;
    }
}
