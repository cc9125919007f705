package dev.chaperone.app.session;

import dev.chaperone.browser.IsolatedBrowser;
import dev.chaperone.core.session.AssistantSession;
import dev.chaperone.core.token.TaskToken;

/** A started session: its lifecycle, its browser, and the first token's public facts for the banner. */
public record RunningSession(AssistantSession session, IsolatedBrowser browser, TaskToken firstToken) {
}
