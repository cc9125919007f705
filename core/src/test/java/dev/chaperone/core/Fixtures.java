package dev.chaperone.core;

import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;

import java.util.Set;

public final class Fixtures {
    public static final Origin PORTAL = Origin.parse("http://127.0.0.1:8081");
    public static final Task TASK = new Task("t1", "Review invoices", PORTAL, "http://127.0.0.1:8081", Set.of("invoices:read"));
    public static final Attribution WHO = new Attribution(new Human("alice", "Alice"),
            new AssistantIdentity("assistant-1", "Assistant"), TASK, "s1");

    private Fixtures() {
    }
}
