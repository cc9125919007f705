package dev.chaperone.app.session;

import dev.chaperone.core.session.TaskTarget;

import java.util.Set;

/** The task an assistant asked for and the person allowed: which site, which write access, and what for. */
public record TaskChoice(String targetId, Set<String> writeScopes, String intent) {
    public TaskChoice {
        writeScopes = Set.copyOf(writeScopes);
    }

    /** The title the banner and the audit show: the intent, shortened. */
    public String title(TaskTarget target) {
        String shortIntent = intent.length() > 80 ? intent.substring(0, 77) + "…" : intent;
        return shortIntent.isBlank() ? "Work on " + target.title() : shortIntent;
    }
}
