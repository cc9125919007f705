package dev.chaperone.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency directions of the whole product, checked over every module's main classes
 * (this module's test class path holds them all): core in the middle, adapters around it, only
 * the app knowing JavaFX.
 */
@AnalyzeClasses(packages = {"dev.chaperone", "org.cef.browser"},
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.OursOnly.class})
class ArchitectureTest {

    /** Our one class in JCEF's package is checked; JCEF's own classes there are not ours to rule. */
    static final class OursOnly implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("jcef-api");
        }
    }

    @ArchTest
    static final ArchRule coreDependsOnNothingOfOurs = noClasses().that().resideInAPackage("dev.chaperone.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.chaperone.app..", "dev.chaperone.browser..",
                    "dev.chaperone.broker..", "dev.chaperone.audit..", "dev.chaperone.demo..", "dev.chaperone.policy..",
                    "dev.chaperone.lifecycle..")
            .because("the core holds the domain (human, assistant, task, session, action, decision, audit event); "
                    + "everything else depends on it, never the reverse");

    @ArchTest
    static final ArchRule coreKnowsNoUiBrowserHttpOrStorage = noClasses().that().resideInAPackage("dev.chaperone.core..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.cef..", "me.friwi..", "com.nimbusds..",
                    "java.net.http..", "com.sun.net.httpserver..", "java.sql..", "org.freedesktop..")
            .because("the gate and domain types must be testable and reusable without a UI, a browser or a network");

    @ArchTest
    static final ArchRule adaptersNeverReachIntoTheApp = noClasses().that()
            .resideInAnyPackage("dev.chaperone.browser..", "dev.chaperone.broker..", "dev.chaperone.audit..",
                    "dev.chaperone.demo..", "dev.chaperone.config..", "dev.chaperone.mcp..", "dev.chaperone.policy..", "dev.chaperone.lifecycle..",
                    "org.cef.browser..")
            .should().dependOnClassesThat().resideInAPackage("dev.chaperone.app..")
            .because("broker-client, browser-isolation, config and audit depend on the core, never on the app");

    @ArchTest
    static final ArchRule mcpToolsOnlyUseThePorts = noClasses().that().resideInAPackage("dev.chaperone.mcp..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.chaperone.browser..", "org.cef..",
                    "dev.chaperone.broker..", "dev.chaperone.audit..", "dev.chaperone.config..")
            .because("MCP tools act only through the core's AssistantBrowser and TaskDesk ports, so no tool can "
                    + "reach the browser around the gate");

    @ArchTest
    static final ArchRule lifecycleOnlyReportsLeaving = noClasses().that().resideInAPackage("dev.chaperone.lifecycle..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.chaperone.browser..", "dev.chaperone.broker..",
                    "dev.chaperone.audit..", "dev.chaperone.mcp..", "org.cef..", "javafx..")
            .because("the lifecycle part tells that the person left; what ending does (revoke, close, wipe) is the "
                    + "session supervisor's, so every source ends a session the same ordered way");

    @ArchTest
    static final ArchRule onlyTheAppKnowsJavaFx = noClasses().that().resideOutsideOfPackage("dev.chaperone.app..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("only the app module is a JavaFX program");

    @ArchTest
    static final ArchRule browserIsolationKnowsNoOAuth = noClasses().that()
            .resideInAnyPackage("dev.chaperone.browser..", "org.cef.browser..")
            .should().dependOnClassesThat().resideInAnyPackage("com.nimbusds..", "dev.chaperone.broker..")
            .because("the browser asks the core's TaskCredentials for a header; it never handles OAuth itself");

    @ArchTest
    static final ArchRule brokerClientKnowsNoBrowser = noClasses().that().resideInAPackage("dev.chaperone.broker..")
            .should().dependOnClassesThat().resideInAnyPackage("org.cef..", "me.friwi..", "dev.chaperone.browser..")
            .because("tokens are obtained without any browser involved");

    @ArchTest
    static final ArchRule onlyBrowserIsolationWiresChromiumHandlers = noClasses().that()
            .resideOutsideOfPackage("dev.chaperone.browser..")
            .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                            com.tngtech.archunit.base.DescribedPredicate.describe("CefClient",
                                    owner -> owner.getName().equals("org.cef.CefClient")))))
            .because("request, download and navigation handlers are where the gate sits; "
                    + "a handler added anywhere else would be a second path around it");
}
