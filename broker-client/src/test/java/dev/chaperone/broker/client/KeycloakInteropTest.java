package dev.chaperone.broker.client;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.broker.client.signin.HumanSession;
import dev.chaperone.broker.client.signin.HumanSignIn;
import dev.chaperone.broker.client.testing.KeycloakRealm;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.token.TaskToken;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.demo.FinancePortal;
import dev.chaperone.demo.StatusSite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaperone's broker client against a real Keycloak 26.7.3 that nobody here wrote, started by
 * {@code scripts/keycloak.sh}. Alice signs in on Keycloak's own pages (by device code, or in a
 * "browser" that follows the redirect back to the app's loopback port); the assistant's public key
 * is registered as {@code chaperone identity show} prints it; then exchange, DPoP, attribution,
 * revocation and the portal are checked.
 */
class KeycloakInteropTest {
    static KeycloakRealm keycloak;

    @TempDir
    static Path dir;
    static ECKey key;

    @BeforeAll
    static void keycloak() throws Exception {
        keycloak = KeycloakRealm.running();
        key = AssistantKeyStore.loadOrCreate(dir.resolve("assistant.jwk"));
        keycloak.registerAssistantKey(key);
    }

    static HumanSignIn signIn() throws TokenBrokerException {
        return HumanSignIn.at(keycloak.issuer(), KeycloakRealm.DESKTOP_CLIENT, Set.of("openid", "profile"));
    }

    BrokerClient client(HumanSession alice, DpopMode dpop) throws TokenBrokerException {
        return BrokerClient.discover(new BrokerSettings(keycloak.issuer(), BrokerSettings.DEFAULT_HARMLESS_SCOPES, dpop),
                new AssistantIdentity(KeycloakRealm.ASSISTANT_CLIENT, "Assistant"), key, alice::accessToken);
    }

    @Test
    void aDeviceSignInThenADpopBoundExchangeThePortalAndARevocationThatHolds() throws Exception {
        HumanSession alice = keycloak.signInAliceByDeviceCode();
        assertEquals("Alice Example", alice.human().displayName());
        assertEquals(List.of("finance"), alice.human().groups(), "the broker's groups claim reaches the policy's human.groups");
        try (StatusSite status = StatusSite.start(0);
             FinancePortal portal = FinancePortal.start(0, keycloak.issuer(), keycloak.jwksUri(), status.origin(),
                     KeycloakRealm.PORTAL_AUDIENCE)) {
            Task task = new Task("t", "Review invoices", Origin.parse(portal.origin().toString()), KeycloakRealm.PORTAL_AUDIENCE,
                    Set.of("invoices:read", "invoices:export"));
            BrokerClient client = client(alice, DpopMode.REQUIRED);
            TaskToken token = client.obtain(alice.human(), task);

            assertTrue(token.keyBound(), "Keycloak bound the token to the session's DPoP key");
            assertEquals(alice.human().subject(), token.delegation().humanSubject());
            assertEquals(List.of(KeycloakRealm.ASSISTANT_CLIENT), token.delegation().actors(), "Keycloak 26.7 names the actor in azp");
            assertEquals(List.of(KeycloakRealm.PORTAL_AUDIENCE), token.delegation().audience());
            assertTrue(token.scopes().containsAll(Set.of("invoices:read", "invoices:export")), token.scopes().toString());
            assertFalse(token.scopes().contains("invoices:delete"), "narrowed to what the task asked");

            ScopedTaskCredentials credentials = client.credentialsFor(task.allowedOrigin(), token);
            URI home = URI.create(portal.origin() + "/");
            HttpRequest.Builder request = HttpRequest.newBuilder(home);
            credentials.headersFor("GET", home).forEach(request::header);
            HttpResponse<String> page = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("Alice Example (via assistant chaperone-assistant)"), page.body());

            assertTrue(keycloak.activeForThePortal(token.value()), "active before revocation");
            client.revoke(token);
            assertFalse(keycloak.activeForThePortal(token.value()), "Keycloak says inactive after revocation");
        }
    }

    @Test
    void aBrowserSignInWithPkceAndALoopbackRedirectGivesAUsableSubjectToken() throws Exception {
        HumanSession alice = signIn().inBrowser(KeycloakRealm.alice(), Duration.ofSeconds(30));
        assertEquals("Alice Example", alice.human().displayName());
        Task task = new Task("t", "Review invoices", Origin.parse("http://127.0.0.1:9"), KeycloakRealm.PORTAL_AUDIENCE,
                Set.of("invoices:read"));
        TaskToken token = client(alice, DpopMode.PREFERRED).obtain(alice.human(), task);
        assertEquals(alice.human().subject(), token.delegation().humanSubject());
        assertTrue(keycloak.activeForThePortal(token.value()));
    }

    @Test
    void aTaskForAnAudienceTheAssistantMayNotHaveIsRefusedInKeycloaksOwnWords() throws Exception {
        HumanSession alice = keycloak.signInAliceByDeviceCode();
        Task elsewhere = new Task("t", "Payroll", Origin.parse("http://127.0.0.1:9"), KeycloakRealm.DESKTOP_CLIENT,
                Set.of("invoices:read"));
        TokenBrokerException e = assertThrows(TokenBrokerException.class,
                () -> client(alice, DpopMode.PREFERRED).obtain(alice.human(), elsewhere));
        assertEquals(TokenBrokerException.Kind.REFUSED, e.kind());
        assertTrue(e.oauthError().isPresent(), e.getMessage());
        assertTrue(e.getMessage().contains("Requested audience not available"), e.getMessage());
    }
}
