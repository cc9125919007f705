package dev.chaperone.policy;

import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.gate.Outcome;
import dev.chaperone.core.gate.ReasonCode;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in Cedar policy as a decision table (real Cedar, its native engine), and what IT's
 * and the user's files may do to it.
 */
class CedarPolicyTest {
    /** The task's site is 127.0.0.1:8081; 127.0.0.1:8082 is a read-only helper of its target; 9999 is elsewhere. */
    static final Task TASK = new Task("t1", "Review invoices", Origin.parse("http://127.0.0.1:8081"), "finance",
            Optional.empty(), Set.of("invoices:read"), List.of(Origin.parse("http://127.0.0.1:8082")));
    static final Clock NOON = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    static CedarPolicy builtIn() throws PolicyException {
        return PolicyLoader.build(PolicyLoader.builtIn(), Optional.empty(), Sensitivity.NONE, NOON);
    }

    static Initiator by(String who) {
        return switch (who) {
            case "tool" -> Initiator.tool("client", "browser_navigate");
            case "person" -> Initiator.PERSON;
            default -> Initiator.BROWSER;
        };
    }

    @ParameterizedTest(name = "{0} {1} {2} by {3} labelled {4} -> {5} {6}")
    @CsvSource({
            "NAVIGATE, GET,  http://127.0.0.1:8081/,               browser, '',                                ALLOW, READ_ALLOWED",
            "NAVIGATE, GET,  http://127.0.0.1:8082/help,           tool,    '',                                ALLOW, READ_ALLOWED",
            "NAVIGATE, GET,  http://127.0.0.1:8082/help,           browser, '',                                DENY,  PAGE_LEFT_TASK_SITE",
            "NAVIGATE, GET,  http://127.0.0.1:9999/?leak=secret,   tool,    '',                                DENY,  OUTSIDE_TASK_SITE",
            "NAVIGATE, GET,  http://127.0.0.1:9999/,               person,  '',                                DENY,  OUTSIDE_TASK_SITE",
            "REQUEST,  GET,  http://127.0.0.1:8082/app.css,        browser, '',                                ALLOW, READ_ALLOWED",
            "REQUEST,  GET,  http://127.0.0.1:9999/pixel.png?d=1,  browser, '',                                DENY,  OUTSIDE_TASK_SITE",
            "REQUEST,  GET,  http://localhost:8081/,               browser, '',                                DENY,  OUTSIDE_TASK_SITE",
            "REQUEST,  POST, http://127.0.0.1:8081/invoices/1,     browser, '',                                ASK,   UNDECLARED_WRITE",
            "REQUEST,  POST, http://127.0.0.1:8082/collect,        browser, '',                                DENY,  READ_ONLY_SITE",
            "REQUEST,  POST, http://127.0.0.1:9999/collect,        browser, '',                                DENY,  OUTSIDE_TASK_SITE",
            "REQUEST,  GET,  http://127.0.0.1:8081/sw.js,          browser, service worker,                    DENY,  SERVICE_WORKER_REFUSED",
            "CONNECT,  CONNECT, https://127.0.0.1:8081/,           browser, '',                                ALLOW, CONNECTION_ALLOWED",
            "CONNECT,  CONNECT, https://127.0.0.1:8082/,           browser, '',                                ALLOW, CONNECTION_ALLOWED",
            "CONNECT,  CONNECT, https://127.0.0.1:9999/,           browser, '',                                DENY,  OUTSIDE_TASK_SITE",
            "NAVIGATE, GET,  file:///etc/passwd,                   tool,    '',                                DENY,  NOT_A_WEB_ADDRESS",
            "NAVIGATE, GET,  chrome://settings,                    tool,    '',                                DENY,  NOT_A_WEB_ADDRESS",
            "NAVIGATE, GET,  about:blank,                          browser, '',                                ALLOW, EMPTY_PAGE",
            "REQUEST,  GET,  'data:image/png;base64,AAAA',         browser, '',                                ALLOW, IN_PAGE_CONTENT",
            "DOWNLOAD, GET,  http://127.0.0.1:8081/export.csv,     browser, invoices.csv,                      ASK,   SAVING_FILE_NEEDS_PERSON",
            "DOWNLOAD, GET,  blob:http://127.0.0.1:8081/abc,       browser, invoices.csv,                      ASK,   SAVING_FILE_NEEDS_PERSON",
            "CLICK,    GET,  http://127.0.0.1:8081/,               tool,    'link \"INV-1001\"',               ALLOW, CLICK_ALLOWED",
            "CLICK,    GET,  http://127.0.0.1:8081/,               tool,    'button \"Delete invoice INV-1001\"', ASK, RISKY_ELEMENT",
            "CLICK,    GET,  http://127.0.0.1:8081/,               tool,    'link \"Export CSV\"',             ASK,   RISKY_ELEMENT",
            "CLICK,    GET,  http://127.0.0.1:8081/,               tool,    'menuitem \"Create API key\"',     ASK,   RISKY_ELEMENT",
            "CLICK,    GET,  http://127.0.0.1:8081/,               tool,    'button \"Change role to Admin\"', ASK,   RISKY_ELEMENT",
            "CLICK,    GET,  http://127.0.0.1:8081/,               tool,    'button \"Next page\"',            ALLOW, CLICK_ALLOWED",
    })
    void theBuiltInPolicyDecides(ActionKind kind, String method, String url, String who, String label, Outcome expected,
                                 ReasonCode code) throws Exception {
        Decision d = builtIn().evaluate(new AssistantAction(kind, method, url, label, by(who)), TASK);
        assertEquals(expected, d.outcome(), d.reason());
        assertEquals(code, d.code(), d.reason());
    }

    @Test
    void aWriteOfATaskThatDeclaredWritesIsStillShownToThePersonInOtherWords() throws Exception {
        Task writing = new Task("t4", "Pay invoices", TASK.allowedOrigin(), TASK.audience(), Optional.empty(),
                Set.of("invoices:read", "invoices:write"), TASK.readOnlyOrigins(), Task.UNKNOWN_SENSITIVITY, Set.of("invoices:write"));
        Decision d = builtIn().evaluate(new AssistantAction(ActionKind.REQUEST, "POST", "http://127.0.0.1:8081/invoices/1/paid", ""),
                writing);
        assertEquals(Outcome.ASK, d.outcome());
        assertEquals(ReasonCode.WRITE_NEEDS_PERSON, d.code());
        assertEquals("This would change data on http://127.0.0.1:8081. The task may make changes there, each one once you "
                + "allow it.", d.reason());
        assertEquals(d.reason(), new dev.chaperone.core.gate.DefaultPolicy().evaluate(new AssistantAction(ActionKind.REQUEST, "POST",
                "http://127.0.0.1:8081/invoices/1/paid", ""), writing).reason(), "the Java rules say the same");
    }

    @Test
    void reasonsNameTheSiteInPlainWords() throws Exception {
        Decision d = builtIn().evaluate(new AssistantAction(ActionKind.REQUEST, "GET", "http://127.0.0.1:9999/x", ""), TASK);
        assertEquals("http://127.0.0.1:9999 is not one of the task's sites; the assistant's browser reaches only those.", d.reason());
    }

    @Test
    void savingFilesOffersAStandingGrantAndABadOfferIsRefused() throws Exception {
        Decision save = builtIn().evaluate(AssistantAction.download("http://127.0.0.1:8081/export.csv", "invoices.csv"), TASK);
        assertEquals(Optional.of(java.time.Duration.ofSeconds(600)), save.standingOffer());
        Decision click = builtIn().evaluate(new AssistantAction(ActionKind.CLICK, "GET", "http://127.0.0.1:8081/",
                "button \"Delete\""), TASK);
        assertEquals(Optional.empty(), click.standingOffer(), "each risky click is asked");
        PolicyFile it = new PolicyFile("/etc/chaperone/policy.cedar", """
                @id("x") @decision("ask") @standing("forever") permit (principal, action == Action::"download", resource);
                """);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.build(it, Optional.empty(), Sensitivity.NONE, NOON));
        assertEquals("In /etc/chaperone/policy.cedar, @standing(\"forever\") must be a number of seconds between 1 and 28800 "
                + "(8 hours).", e.getMessage());
    }

    @Test
    void nothingHappensWhileTheScreenIsLocked() throws Exception {
        CedarPolicy locked = builtIn().withEnvironment(() -> new CedarPolicy.Environment(true, 0));
        Decision d = locked.evaluate(AssistantAction.navigate("http://127.0.0.1:8081/"), TASK);
        assertEquals(ReasonCode.SCREEN_LOCKED, d.code());
        assertEquals(Outcome.DENY, d.outcome());
    }

    @Test
    void itsFileCanUseSensitivityAndTimeAndTheUsersFileCanOnlyNarrow() throws Exception {
        PolicyFile it = new PolicyFile("/etc/chaperone/policy.cedar", PolicyLoader.builtIn().text() + """

                @id("no-secret-exports-after-hours") @code("POLICY_RULE") @reason("Secret data is not exported outside office hours.")
                forbid (principal, action == Action::"download", resource)
                when { context.sensitivity == "secret" && (context.hour < 8 || context.hour >= 18) };
                """);
        PolicyFile user = new PolicyFile("~/.config/chaperone/policy.cedar", """
                @id("never-the-payroll-page") @reason("I never want the assistant on the payroll pages.")
                forbid (principal, action, resource) when { context.path like "/payroll*" };
                """);
        Sensitivity secretPayroll = new Sensitivity(Map.of("http://127.0.0.1:8081/payroll", "secret"));
        Clock evening = Clock.fixed(Instant.parse("2026-11-30T19:00:00Z"), ZoneOffset.UTC);
        CedarPolicy policy = PolicyLoader.build(it, Optional.of(user), secretPayroll, evening);

        Decision export = policy.evaluate(AssistantAction.download("http://127.0.0.1:8081/payroll/export.csv", "pay.csv"), TASK);
        assertEquals(Outcome.DENY, export.outcome());
        // The user's narrowing rule is consulted first and says why in its own words.
        assertEquals("I never want the assistant on the payroll pages.", export.reason());
        Decision invoices = policy.evaluate(AssistantAction.download("http://127.0.0.1:8081/invoices.csv", "inv.csv"), TASK);
        assertEquals(Outcome.ASK, invoices.outcome(), "elsewhere the IT rules still ask");
        assertEquals("/etc/chaperone/policy.cedar narrowed by ~/.config/chaperone/policy.cedar", policy.source().source());
    }

    @Test
    void theTargetsSensitivityIsTheDataSensitivityOfItsSitesUnlessAnItRuleSaysOtherwise() throws Exception {
        Task secretTask = new Task("t2", "Payroll", Origin.parse("http://127.0.0.1:8081"), "payroll", Optional.empty(),
                Set.of("payroll:read"), List.of(Origin.parse("http://127.0.0.1:8082")), "secret");
        PolicyFile it = new PolicyFile("/etc/chaperone/policy.cedar", PolicyLoader.builtIn().text() + """

                @id("no-secret-downloads") @code("POLICY_RULE") @reason("Secret data is never saved by an assistant.")
                forbid (principal, action == Action::"download", resource) when { context.sensitivity == "secret" };
                """);
        CedarPolicy policy = PolicyLoader.build(it, Optional.empty(),
                new Sensitivity(Map.of("http://127.0.0.1:8082/public", "public")), NOON);
        assertEquals("Secret data is never saved by an assistant.", policy.evaluate(
                AssistantAction.download("http://127.0.0.1:8081/payslips.pdf", "payslips.pdf"), secretTask).reason());
        assertEquals(Outcome.ASK, policy.evaluate(
                AssistantAction.download("http://127.0.0.1:8082/public/handbook.pdf", "handbook.pdf"), secretTask).outcome(),
                "IT's rule for the address wins over the target's word");
    }

    @Test
    void thePagesOwnMarkRaisesTheSensitivityOnTheTaskSitesButNeverLowersIt() throws Exception {
        Task confidential = new Task("t3", "Invoices", Origin.parse("http://127.0.0.1:8081"), "finance", Optional.empty(),
                Set.of("invoices:read"), List.of(), "confidential");
        PolicyFile it = new PolicyFile("/etc/chaperone/policy.cedar", PolicyLoader.builtIn().text() + """

                @id("no-secret-downloads") @code("POLICY_RULE") @reason("Secret data is never saved by an assistant.")
                forbid (principal, action == Action::"download", resource) when { context.sensitivity == "secret" };
                """);
        CedarPolicy base = PolicyLoader.build(it, Optional.empty(), Sensitivity.NONE, NOON);
        AssistantAction save = AssistantAction.download("http://127.0.0.1:8081/payroll.csv", "payroll.csv");
        CedarPolicy secretPage = base.withEnvironment(() -> new CedarPolicy.Environment(false, 0, Optional.of("secret")));
        assertEquals("Secret data is never saved by an assistant.", secretPage.evaluate(save, confidential).reason());
        assertEquals("secret", secretPage.context(save, confidential).get("pageSensitivity").toString().replace("\"", ""));
        CedarPolicy publicPage = base.withEnvironment(() -> new CedarPolicy.Environment(false, 0, Optional.of("public")));
        assertEquals("confidential", publicPage.context(save, confidential).get("sensitivity").toString().replace("\"", ""),
                "a page cannot make its site's data less sensitive than IT says");
        assertEquals(Outcome.ASK, publicPage.evaluate(save, confidential).outcome());
        AssistantAction elsewhere = AssistantAction.download("http://127.0.0.1:9999/x.csv", "x.csv");
        assertEquals(Task.UNKNOWN_SENSITIVITY, secretPage.context(elsewhere, confidential).get("sensitivity").toString()
                .replace("\"", ""), "the mark is the task's pages' word about the task's data only");
    }

    @Test
    void itsRulesCanTestTheHumansGroupsTheAssistantTheIntentTheOriginsAndTheTimeLeft() throws Exception {
        PolicyFile it = new PolicyFile("/etc/chaperone/policy.cedar", PolicyLoader.builtIn().text() + """

                @id("finance-only") @code("POLICY_RULE") @reason("Only the finance team's assistants save files.")
                forbid (principal, action == Action::"download", resource) when { !context.human.groups.contains("finance") };

                @id("known-assistants") @code("POLICY_RULE") @reason("This assistant is not one IT knows.")
                forbid (principal, action, resource) when { context.assistant.id like "unknown-*" };

                @id("no-writes-at-the-end") @code("POLICY_RULE") @reason("No changes in a task's last minute.")
                forbid (principal, action == Action::"request", resource)
                when { !context.safeMethod && context.task.secondsLeft >= 0 && context.task.secondsLeft < 60 };

                @id("stated-intent") @code("POLICY_RULE") @reason("Exports need a stated reason.")
                forbid (principal, action == Action::"download", resource)
                when { context.task.intent == "" && context.task.origins.contains("http://127.0.0.1:8081") };
                """);
        CedarPolicy policy = PolicyLoader.build(it, Optional.empty(), Sensitivity.NONE, NOON);
        AssistantAction save = AssistantAction.download("http://127.0.0.1:8081/export.csv", "invoices.csv");
        dev.chaperone.core.identity.AssistantIdentity assistant = new dev.chaperone.core.identity.AssistantIdentity("assistant-1", "A");
        Attribution finance = new Attribution(new Human("alice", "Alice", List.of("finance", "staff")), assistant, TASK,
                "Monthly close", "s");
        Attribution other = new Attribution(new Human("bob", "Bob", List.of("staff")), assistant, TASK, "Monthly close", "s");
        assertEquals(Outcome.ASK, policy.evaluate(save, finance).outcome(), "the finance team's assistant is asked as usual");
        assertEquals("Only the finance team's assistants save files.", policy.evaluate(save, other).reason());
        assertEquals("Exports need a stated reason.", policy.evaluate(save,
                new Attribution(finance.human(), assistant, TASK, "", "s")).reason());
        assertEquals("This assistant is not one IT knows.", policy.evaluate(AssistantAction.navigate("http://127.0.0.1:8081/"),
                new Attribution(finance.human(), new dev.chaperone.core.identity.AssistantIdentity("unknown-7", "?"), TASK,
                        "x", "s")).reason());
        AssistantAction write = new AssistantAction(ActionKind.REQUEST, "POST", "http://127.0.0.1:8081/invoices/1", "");
        Task endingSoon = TASK.until(NOON.instant().plusSeconds(30));
        assertEquals("No changes in a task's last minute.", policy.evaluate(write,
                new Attribution(finance.human(), assistant, endingSoon, "x", "s")).reason());
        assertEquals(Outcome.ASK, policy.evaluate(write, new Attribution(finance.human(), assistant,
                TASK.until(NOON.instant().plusSeconds(600)), "x", "s")).outcome(), "ten minutes left: asked as usual");
        assertEquals(Outcome.ASK, policy.evaluate(write, finance).outcome(), "no time limit: secondsLeft is -1");
    }

    @Test
    void aUserFileThatWouldWidenThePolicyIsRefusedNamingTheRuleAndLine() {
        PolicyFile user = new PolicyFile("~/.config/chaperone/policy.cedar", """
                // My own additions

                @id("let-it-post")
                permit (principal, action == Action::"request", resource);
                """);
        PolicyException e = assertThrows(PolicyException.class,
                () -> PolicyLoader.build(PolicyLoader.builtIn(), Optional.of(user), Sensitivity.NONE, NOON));
        assertEquals("Your policy file ~/.config/chaperone/policy.cedar may only narrow IT's policy, but rule \"let-it-post\""
                + " (line 3) permits. Change it to a forbid rule or remove it.", e.getMessage());
    }

    @Test
    void aMalformedFileIsRefusedNamingTheLine() {
        PolicyFile it = new PolicyFile("/etc/chaperone/policy.cedar", """
                @id("fine") permit (principal, action == Action::"click", resource);

                permit (principal, action == Action::"navigate", resource) when { context.web && };
                """);
        PolicyException e = assertThrows(PolicyException.class,
                () -> PolicyLoader.build(it, Optional.empty(), Sensitivity.NONE, NOON));
        assertTrue(e.getMessage().startsWith("The policy in /etc/chaperone/policy.cedar cannot be read (line 3): "), e.getMessage());
    }
}
