package dev.chaperone.core.gate;

import dev.chaperone.core.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefaultPolicyTest {
    private final DefaultPolicy policy = new DefaultPolicy();

    /** The task's site is 127.0.0.1:8081; 127.0.0.1:8082 is a read-only helper of its target; 9999 is elsewhere. */
    static final dev.chaperone.core.session.Task TASK = new dev.chaperone.core.session.Task("t1", "Review invoices",
            Fixtures.PORTAL, "finance", java.util.Optional.empty(), java.util.Set.of("invoices:read"),
            java.util.List.of(dev.chaperone.core.identity.Origin.parse("http://127.0.0.1:8082")));

    @ParameterizedTest(name = "{0} {1} {2} by {3} -> {4} {5}")
    @CsvSource({
            "NAVIGATE, GET,  http://127.0.0.1:8081/,               browser, ALLOW, READ_ALLOWED",
            "NAVIGATE, GET,  http://127.0.0.1:8082/help,           tool,    ALLOW, READ_ALLOWED",
            "NAVIGATE, GET,  http://127.0.0.1:8082/help,           browser, DENY,  PAGE_LEFT_TASK_SITE",
            "NAVIGATE, GET,  http://127.0.0.1:9999/?leak=secret,   tool,    DENY,  OUTSIDE_TASK_SITE",
            "NAVIGATE, GET,  http://127.0.0.1:9999/,               person,  DENY,  OUTSIDE_TASK_SITE",
            "REQUEST,  GET,  http://127.0.0.1:8082/app.css,        browser, ALLOW, READ_ALLOWED",
            "REQUEST,  GET,  http://127.0.0.1:9999/pixel.png?d=1,  browser, DENY,  OUTSIDE_TASK_SITE",
            "REQUEST,  GET,  http://localhost:8081/,               browser, DENY,  OUTSIDE_TASK_SITE",
            "REQUEST,  POST, http://127.0.0.1:8081/invoices/1,     browser, ASK,   UNDECLARED_WRITE",
            "REQUEST,  POST, http://127.0.0.1:8082/collect,        browser, DENY,  READ_ONLY_SITE",
            "REQUEST,  POST, http://127.0.0.1:9999/collect,        browser, DENY,  OUTSIDE_TASK_SITE",
            "CONNECT,  CONNECT, https://127.0.0.1:8081/,           browser, ALLOW, CONNECTION_ALLOWED",
            "CONNECT,  CONNECT, https://127.0.0.1:8082/,           browser, ALLOW, CONNECTION_ALLOWED",
            "CONNECT,  CONNECT, https://127.0.0.1:9999/,           browser, DENY,  OUTSIDE_TASK_SITE",
            "NAVIGATE, GET,  file:///etc/passwd,                   tool,    DENY,  NOT_A_WEB_ADDRESS",
            "NAVIGATE, GET,  chrome://settings,                    tool,    DENY,  NOT_A_WEB_ADDRESS",
            "NAVIGATE, GET,  about:blank,                          browser, ALLOW, EMPTY_PAGE",
            "REQUEST,  GET,  'data:image/png;base64,AAAA',         browser, ALLOW, IN_PAGE_CONTENT",
            "DOWNLOAD, GET,  http://127.0.0.1:8081/export.csv,     browser, ASK,   SAVING_FILE_NEEDS_PERSON",
            "DOWNLOAD, GET,  blob:http://127.0.0.1:8081/abc,       browser, ASK,   SAVING_FILE_NEEDS_PERSON",
    })
    void decides(ActionKind kind, String method, String url, String by, Outcome expected, ReasonCode code) {
        Initiator initiator = switch (by) {
            case "tool" -> Initiator.tool("client", "browser_navigate");
            case "person" -> Initiator.PERSON;
            default -> Initiator.BROWSER;
        };
        Decision d = policy.evaluate(new AssistantAction(kind, method, url, "", initiator), TASK);
        assertEquals(expected, d.outcome(), d.reason());
        assertEquals(code, d.code(), d.reason());
    }

    @org.junit.jupiter.api.Test
    void aServiceWorkersScriptAndFetchesAreRefusedEvenOnTheTaskSite() {
        Decision d = policy.evaluate(new AssistantAction(ActionKind.REQUEST, "GET", "http://127.0.0.1:8081/sw.js",
                AssistantAction.SERVICE_WORKER), TASK);
        assertEquals(ReasonCode.SERVICE_WORKER_REFUSED, d.code());
    }

    @ParameterizedTest(name = "click {0} -> {1}")
    @CsvSource({
            "'link \"INV-1001\"',                    ALLOW",
            "'button \"Delete invoice INV-1001\"',   ASK",
            "'button \"Share\"',                     ASK",
            "'link \"Export CSV\"',                  ASK",
            "'button \"Invite a colleague\"',        ASK",
            "'menuitem \"Create API key\"',          ASK",
            "'button \"Change role to Admin\"',      ASK",
            "'link \"Reset password\"',              ASK",
            "'button \"Next page\"',                 ALLOW",
    })
    void aClickOnAnElementWhoseNameReadsAsRiskyAsksThePerson(String label, Outcome expected) {
        Decision d = policy.evaluate(new AssistantAction(ActionKind.CLICK, "GET", "http://127.0.0.1:8081/", label), Fixtures.TASK);
        assertEquals(expected, d.outcome());
        if (expected == Outcome.ASK) {
            assertEquals(ReasonCode.RISKY_ELEMENT, d.code());
        }
    }
}
