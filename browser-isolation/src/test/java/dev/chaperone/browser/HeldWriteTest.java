package dev.chaperone.browser;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.core.browser.AssistantBrowser.PageView;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.chaperone.core.token.TaskCredentials;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.core.token.WriteCredential;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.chaperone.browser.AssistantBrowserTest.ref;
import static dev.chaperone.browser.HostilePageTest.send;
import static dev.chaperone.browser.HostilePageTest.server;
import static dev.chaperone.browser.HostilePageTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write to the task's site is held, not dropped, while the person decides (real Chromium, the
 * DevTools protocol's Fetch stage): the person sees the form's fields, what was clicked and a
 * fingerprint of the payload; Allow sends exactly that request once, with a token minted for it
 * alone that is revoked as soon as the site answered, Deny sends nothing and mints nothing, and a
 * changed payload or a replay is asked again. The credentials here stand in for the broker (its
 * exchange and revocation are tested against a real one in broker-client and the app): reads
 * carry the reading token, and each write token is numbered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeldWriteTest {
    static final Initiator TOOL = Initiator.tool("test-client", "browser_click");
    static HttpServer site;
    static final List<String> posts = new CopyOnWriteArrayList<>();
    /** In order: what the site saw (method, path, Authorization) and each write token minted and revoked. */
    static final List<String> events = new CopyOnWriteArrayList<>();
    static final java.util.concurrent.atomic.AtomicInteger minted = new java.util.concurrent.atomic.AtomicInteger();
    static volatile boolean brokerDown;
    static final TaskCredentials credentials = new TaskCredentials() {
        @Override
        public Map<String, String> headersFor(String method, URI url) {
            return url.getPort() == site.getAddress().getPort() ? Map.of("Authorization", "Bearer read-token") : Map.of();
        }

        @Override
        public Optional<WriteCredential> forOneWrite(String method, URI url) throws TokenBrokerException {
            if (brokerDown) {
                throw new TokenBrokerException(TokenBrokerException.Kind.UNREACHABLE, "the broker did not answer");
            }
            String token = "write-" + minted.incrementAndGet();
            events.add("minted " + token + " for " + method + " " + url.getPath());
            return Optional.of(new WriteCredential() {
                @Override
                public Map<String, String> headers() {
                    return Map.of("Authorization", "Bearer " + token);
                }

                @Override
                public String tokenId() {
                    return token;
                }

                @Override
                public void revoke() {
                    events.add("revoked " + token);
                }
            });
        }
    };
    static final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    static volatile boolean answer;
    static TestBrowser session;
    static IsolatedBrowser browser;
    static GatedAssistantBrowser tools;

    @BeforeAll
    static void start() throws Exception {
        site = server(ex -> {
            if (!ex.getRequestURI().getPath().equals("/favicon.ico")) {
                events.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " "
                        + ex.getRequestHeaders().getFirst("Authorization"));
            }
            if (ex.getRequestMethod().equals("POST")) {
                posts.add(ex.getRequestURI().getPath() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                send(ex, 200, "text/html", "<title>Saved</title><p>Saved</p>");
                return;
            }
            send(ex, 200, "text/html", "<title>Notes</title><h1>Notes</h1>"
                    + "<form method=post action='/notes'><input name=text aria-label='Note text'><button>Save note</button></form>");
        });
        Origin origin = Origin.parse("http://127.0.0.1:" + site.getAddress().getPort());
        Task task = new Task("t", "Notes", origin, origin.toString(), Set.of("read"));
        Attribution who = new Attribution(new Human("alice", "Alice"), new AssistantIdentity("assistant-t", "A"), task,
                "Keep notes", "s");
        session = TestBrowser.start(who, new ScriptedPrompt(request -> {
            asked.add(request);
            return answer;
        }), credentials, "about:blank", new BrowserListener() { });
        browser = session.browser;
        tools = session.tools();
    }

    @AfterAll
    static void stop() throws Exception {
        session.close();
        site.stop(0);
    }

    static String origin() {
        return "http://127.0.0.1:" + site.getAddress().getPort();
    }

    static PageView submit(String text) {
        PageView form = tools.navigate(TOOL, origin() + "/");
        tools.type(TOOL, ref(form, "- textbox \"Note text\""), "note", text, false);
        PageView now = tools.snapshot(TOOL);
        return tools.click(TOOL, ref(now, "- button \"Save note\""), "Save note");
    }

    @Test
    @Order(1)
    void aDeniedWriteNeverReachesTheSiteAndThePersonSawWhatItWouldSend() {
        answer = false;
        dev.chaperone.core.browser.BrowserActionException told = org.junit.jupiter.api.Assertions.assertThrows(
                dev.chaperone.core.browser.BrowserActionException.class, () -> submit("pay Contoso 900"));
        assertEquals("Done, but what it would send was not sent. The person denied: send POST " + origin() + "/notes. "
                + "Do not try it another way; ask the person if it is needed.", told.getMessage(),
                "the assistant is told why nothing happened");
        assertEquals(List.of(), posts, "a denied write reached the site");
        assertEquals(0, minted.get(), "no write token for a write nobody allowed");
        assertTrue(events.contains("GET / Bearer read-token"), "reads carry the reading token: " + events);
        assertEquals("Notes", tools.snapshot(TOOL).title(), "the page stays where it was");
        ApprovalRequest question = asked.get(asked.size() - 1);
        assertEquals("POST", question.action().method());
        assertEquals(origin() + "/notes", question.action().url());
        String label = question.action().label();
        assertTrue(label.startsWith("form fields text=\"pay Contoso 900\" (20 bytes, sha256 "), label);
        assertTrue(label.endsWith(" · after clicking button \"Save note\""), label);
        assertEquals(TOOL, question.action().initiator(), "the write is put on the tool call that set it off");
    }

    @Test
    @Order(2)
    void anAllowedWriteReachesTheSiteExactlyOnce() {
        answer = true;
        int askedBefore = asked.size();
        PageView after = submit("call Northwind");
        assertEquals("Saved", after.title());
        assertEquals(List.of("/notes text=call+Northwind"), posts);
        assertEquals(askedBefore + 1, asked.size(), "one question for one write");
        List<String> write = events.stream().filter(e -> e.contains("write-") || e.startsWith("POST")).toList();
        assertEquals(List.of("minted write-1 for POST /notes", "POST /notes Bearer write-1", "revoked write-1"), write,
                "the write went once, with its own token instead of the reading one, revoked once the site answered");
    }

    @Test
    @Order(3)
    void aChangedPayloadOrAReplayIsAskedAgain() throws Exception {
        answer = false;
        int askedBefore = asked.size();
        org.junit.jupiter.api.Assertions.assertThrows(dev.chaperone.core.browser.BrowserActionException.class,
                () -> submit("call Northwind twice"));
        String first = asked.get(asked.size() - 1).action().label();
        // Later (past the moment a write counts as the click's doing), the page itself sends the
        // approved body again: a new request, so a new question.
        Thread.sleep(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(InputOrigin.WINDOW_NANOS) + 200);
        browser.evaluate("(fetch('/notes',{method:'POST',headers:{'Content-Type':'application/x-www-form-urlencoded'},"
                + "body:'text=call+Northwind'}).catch(function(){}), 1)").get();
        waitUntil("the replay was asked about", () -> asked.size() == askedBefore + 2);
        String replay = asked.get(asked.size() - 1).action().label();
        assertTrue(!first.equals(replay), "a different payload is a different fingerprint: " + first + " / " + replay);
        assertEquals(dev.chaperone.core.gate.Initiator.BROWSER.kind(), asked.get(asked.size() - 1).action().initiator().kind(),
                "what the page sends on its own is the browser's, not the tool's");
        assertEquals(List.of("/notes text=call+Northwind"), posts, "nothing more reached the site");
        assertEquals(1, minted.get(), "refused writes mint nothing");
    }

    @Test
    @Order(4)
    void aBeaconToTheTaskSiteIsHeldToo() throws Exception {
        answer = false;
        int askedBefore = asked.size();
        tools.navigate(TOOL, origin() + "/");
        browser.evaluate("(navigator.sendBeacon('/notes', 'text=beacon'), 1)").get();
        waitUntil("the beacon was asked about", () -> asked.size() == askedBefore + 1);
        assertEquals(List.of("/notes text=call+Northwind"), posts);
    }

    @Test
    @Order(5)
    void anAllowedWriteTheBrokerGivesNoTokenForIsNotSentAndTheAssistantIsToldWhy() {
        answer = true;
        brokerDown = true;
        try {
            dev.chaperone.core.browser.BrowserActionException told = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.chaperone.core.browser.BrowserActionException.class, () -> submit("call Contoso"));
            assertTrue(told.getMessage().contains("Approved, but not sent: the broker gave no token for this write "
                    + "(the broker did not answer)"), told.getMessage());
            assertEquals(List.of("/notes text=call+Northwind"), posts, "nothing went with the reading token instead");
        } finally {
            brokerDown = false;
        }
    }
}
