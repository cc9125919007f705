package dev.chaperone.core.audit;

import dev.chaperone.core.session.Attribution;

/**
 * Who was behind an event, as stored with it: the human origin (subject and name), the assistant
 * (its client id at the broker and name), the task and the human's stated intent, and the session.
 */
public record AuditAttribution(String human, String humanName, String assistant, String assistantName,
                               String task, String taskTitle, String site, String intent, String session) {
    public static AuditAttribution of(Attribution who) {
        return new AuditAttribution(who.human().subject(), who.human().displayName(), who.assistant().clientId(),
                who.assistant().displayName(), who.task().id(), who.task().title(),
                who.task().allowedOrigin().toString(), who.intent(), who.sessionId());
    }
}
