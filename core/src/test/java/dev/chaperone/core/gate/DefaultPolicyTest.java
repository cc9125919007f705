package dev.chaperone.core.gate;

import dev.chaperone.core.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefaultPolicyTest {
    private final DefaultPolicy policy = new DefaultPolicy();

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "NAVIGATE, GET,  http://127.0.0.1:8081/,               ALLOW",
            "REQUEST,  GET,  http://127.0.0.1:9999/pixel.png,      ALLOW",
            "REQUEST,  POST, http://127.0.0.1:8081/invoices/1,     ASK",
            "REQUEST,  POST, http://127.0.0.1:9999/collect,        DENY",
            "NAVIGATE, GET,  file:///etc/passwd,                   DENY",
            "NAVIGATE, GET,  chrome://settings,                    DENY",
            "NAVIGATE, GET,  about:blank,                          ALLOW",
            "REQUEST,  GET,  'data:image/png;base64,AAAA',           ALLOW",
            "DOWNLOAD, GET,  http://127.0.0.1:8081/export.csv,     ASK",
            "DOWNLOAD, GET,  blob:http://127.0.0.1:8081/abc,       ASK",
    })
    void decides(ActionKind kind, String method, String url, Outcome expected) {
        assertEquals(expected, policy.evaluate(new AssistantAction(kind, method, url, ""), Fixtures.TASK).outcome());
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
