package dev.chaperone.app.session;

import dev.chaperone.browser.IsolatedBrowser;
import dev.chaperone.core.browser.AssistantBrowser;
import dev.chaperone.core.session.AssistantSession;

import java.time.Instant;
import java.util.Set;

/**
 * A started session: its lifecycle, its browser (and the gated view of it that tools use), and what
 * the banner shows of the first token.
 * The token's value stays in broker-client and browser-isolation; the app never holds it.
 */
public record RunningSession(AssistantSession session, IsolatedBrowser browser, AssistantBrowser tools,
                             dev.chaperone.core.gate.PendingApprovals pending, Set<String> scopes,
                             Instant tokenExpiresAt) {
    public RunningSession {
        scopes = Set.copyOf(scopes);
    }
}
