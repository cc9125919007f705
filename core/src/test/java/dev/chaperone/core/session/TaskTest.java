package dev.chaperone.core.session;

import dev.chaperone.core.identity.Origin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task's scopes split for its two kinds of token: reading, and one approved write. */
class TaskTest {
    static final TaskTarget PORTAL = new TaskTarget("finance-portal", "Finance Portal",
            List.of(Origin.parse("https://finance.example.org")), "finance-portal", Optional.empty(),
            Set.of("invoices:read"), Set.of("invoices:export", "invoices:write"), "confidential");

    @Test
    void theSessionTokenAsksForReadScopesOnlyAndAWriteTokenForTheDeclaredWritesOnly() {
        Task task = PORTAL.task("t", "Pay the invoices", Set.of("invoices:write"));
        assertEquals(Set.of("invoices:read", "invoices:write"), task.scopes());
        assertEquals(Set.of("invoices:write"), task.writeScopes());
        assertEquals(Set.of("invoices:read"), task.forReading().scopes());
        assertEquals(Set.of(), task.forReading().writeScopes());
        Task writing = task.forOneWrite().orElseThrow();
        assertEquals(Set.of("invoices:write"), writing.scopes(), "not export, which this task did not ask for");
        assertEquals(task.allowedOrigin(), writing.allowedOrigin());
        assertEquals(task.audience(), writing.audience());
    }

    @Test
    void aTaskThatDeclaredNoWritesHasNoWriteToken() {
        Task reading = PORTAL.task("t", "Look at the invoices", Set.of());
        assertTrue(reading.forOneWrite().isEmpty());
        assertEquals(reading.scopes(), reading.forReading().scopes());
    }

    @Test
    void writeScopesMustBeAmongTheTasksScopes() {
        assertThrows(IllegalArgumentException.class, () -> new Task("t", "x", Origin.parse("https://a.example"), "a",
                Optional.empty(), Set.of("read"), List.of(), "unknown", Set.of("write")));
    }
}
