package dev.chaperone.broker.client;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import dev.chaperone.broker.client.signin.HumanSession;
import dev.chaperone.broker.client.signin.HumanSignIn;
import dev.chaperone.broker.client.signin.SignInPrompt;
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

import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Chaperone's broker client against a real Keycloak 26.7.3 that nobody here wrote, started by
 * {@code scripts/keycloak.sh} with the realm in {@code src/test/resources/keycloak}. The test signs
 * alice in by the device grant (answering Keycloak's own login and consent pages over HTTP, as a
 * person would in a browser), registers the assistant's public key as {@code chaperone identity
 * show} prints it, and checks exchange, DPoP, attribution, revocation and the portal.
 */
class KeycloakInteropTest {
    static final String ASSISTANT_ID = "chaperone-assistant";
    static URI base;
    static URI issuer;

    @TempDir
    static Path dir;
    static ECKey key;

    @BeforeAll
    static void keycloak() throws Exception {
        String url = System.getenv("CHAPERONE_KEYCLOAK_URL");
        if (url == null && System.getenv("CI") != null) {
            fail("CI must run this against Keycloak: start it with scripts/keycloak.sh and set CHAPERONE_KEYCLOAK_URL");
        }
        assumeTrue(url != null, "no Keycloak: run scripts/keycloak.sh fetch && scripts/keycloak.sh start, "
                + "then set CHAPERONE_KEYCLOAK_URL=http://127.0.0.1:18080");
        base = URI.create(url);
        issuer = URI.create(url + "/realms/chaperone");
        key = AssistantKeyStore.loadOrCreate(dir.resolve("assistant.jwk"));
        registerAssistantKey(new JWKSet(key.toPublicJWK()).toString(true));
    }

    /** What IT does with {@code chaperone identity show}: paste the public JWKS into the client. */
    static void registerAssistantKey(String jwks) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String admin = json(http.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("grant_type", "password", "client_id", "admin-cli",
                        "username", "admin", "password", "admin"))).build(), HttpResponse.BodyHandlers.ofString()).body())
                .get("access_token").toString();
        String list = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/chaperone/clients?clientId=" + ASSISTANT_ID))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()).body();
        List<?> clients = (List<?>) JSONObjectUtils.parse("{\"clients\":" + list + "}").get("clients");
        String id = ((Map<?, ?>) clients.get(0)).get("id").toString();
        String body = JSONObjectUtils.toJSONString(Map.of("attributes", Map.of("jwks.string", jwks)));
        int status = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/chaperone/clients/" + id))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertEquals(204, status, "registering the assistant's key at Keycloak");
    }

    static HumanSession signInAlice() throws Exception {
        return HumanSignIn.at(issuer, "chaperone-desktop", Set.of("openid", "profile")).withDeviceCode(new SignInPrompt() {
            @Override
            public void showDeviceCode(URI verificationUri, URI complete, String userCode, Duration expiresIn) {
                try {
                    approveOnKeycloaksPages(complete, "alice", "alice-password");
                } catch (Exception e) {
                    throw new IllegalStateException("could not answer Keycloak's device login page", e);
                }
            }

            @Override
            public void openBrowser(URI authorizationRequest) {
                throw new UnsupportedOperationException("device sign-in only");
            }

            @Override
            public void done() {
            }
        });
    }

    BrokerClient client(HumanSession alice, DpopMode dpop) throws TokenBrokerException {
        return BrokerClient.discover(new BrokerSettings(issuer, BrokerSettings.DEFAULT_HARMLESS_SCOPES, dpop),
                new AssistantIdentity(ASSISTANT_ID, "Assistant"), key, alice::accessToken);
    }

    @Test
    void aDeviceSignInThenADpopBoundExchangeThePortalAndARevocationThatHolds() throws Exception {
        HumanSession alice = signInAlice();
        assertEquals("Alice Example", alice.human().displayName());
        try (StatusSite status = StatusSite.start(0);
             FinancePortal portal = FinancePortal.start(0, issuer, URI.create(issuer + "/protocol/openid-connect/certs"),
                     status.origin(), "finance-portal")) {
            Task task = new Task("t", "Review invoices", Origin.parse(portal.origin().toString()), "finance-portal",
                    Set.of("invoices:read", "invoices:export"));
            BrokerClient client = client(alice, DpopMode.REQUIRED);
            TaskToken token = client.obtain(alice.human(), task);

            assertTrue(token.keyBound(), "Keycloak bound the token to the session's DPoP key");
            assertEquals(alice.human().subject(), token.delegation().humanSubject());
            assertEquals(List.of(ASSISTANT_ID), token.delegation().actors(), "Keycloak 26.7 names the actor in azp");
            assertEquals(List.of("finance-portal"), token.delegation().audience());
            assertTrue(token.scopes().containsAll(Set.of("invoices:read", "invoices:export")), token.scopes().toString());
            assertFalse(token.scopes().contains("invoices:delete"), "narrowed to what the task asked");

            ScopedTaskCredentials credentials = client.credentialsFor(task.allowedOrigin(), token);
            URI home = URI.create(portal.origin() + "/");
            HttpRequest.Builder request = HttpRequest.newBuilder(home);
            credentials.headersFor("GET", home).forEach(request::header);
            HttpResponse<String> page = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("Alice Example (via assistant chaperone-assistant)"), page.body());

            assertTrue(introspectAsThePortal(token.value()), "active before revocation");
            client.revoke(token);
            assertFalse(introspectAsThePortal(token.value()), "Keycloak says inactive after revocation");
        }
    }

    @Test
    void aTaskForAnAudienceTheAssistantMayNotHaveIsRefusedInKeycloaksOwnWords() throws Exception {
        HumanSession alice = signInAlice();
        Task elsewhere = new Task("t", "Payroll", Origin.parse("http://127.0.0.1:9"), "chaperone-desktop", Set.of("invoices:read"));
        TokenBrokerException e = org.junit.jupiter.api.Assertions.assertThrows(TokenBrokerException.class,
                () -> client(alice, DpopMode.PREFERRED).obtain(alice.human(), elsewhere));
        assertEquals(TokenBrokerException.Kind.REFUSED, e.kind());
        assertTrue(e.oauthError().isPresent(), e.getMessage());
        assertTrue(e.getMessage().contains("Requested audience not available"), e.getMessage());
    }

    /** The resource server's view (RFC 7662): the assistant may not introspect tokens for another audience. */
    static boolean introspectAsThePortal(String token) throws Exception {
        TokenIntrospectionRequest request = new TokenIntrospectionRequest(
                URI.create(issuer + "/protocol/openid-connect/token/introspect"),
                new ClientSecretBasic(new ClientID("finance-portal"), new Secret("portal-secret")), new TypelessAccessToken(token));
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(request.toHTTPRequest().send());
        assertTrue(response.indicatesSuccess());
        return response.toSuccessResponse().isActive();
    }

    /**
     * What alice does in her browser: open the verification page, log in, accept. Keycloak marks
     * its cookies Secure even on http://127.0.0.1, which the JDK's CookieManager will not send back,
     * so this jar returns every cookie as a browser on loopback does.
     */
    static void approveOnKeycloaksPages(URI page, String user, String password) throws Exception {
        Map<String, String> jar = new LinkedHashMap<>();
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).cookieHandler(new CookieHandler() {
            @Override
            public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
                return jar.isEmpty() ? Map.of() : Map.of("Cookie", List.of(jar.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "))));
            }

            @Override
            public void put(URI uri, Map<String, List<String>> headers) {
                headers.forEach((name, values) -> {
                    if ("set-cookie".equalsIgnoreCase(name)) {
                        for (String value : values) {
                            String pair = value.split(";", 2)[0];
                            int eq = pair.indexOf('=');
                            jar.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                        }
                    }
                });
            }
        }).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        String action = find(login.body(), "<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").replace("&amp;", "&");
        HttpResponse<String> consent = browser.send(HttpRequest.newBuilder(login.uri().resolve(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("username", user, "password", password))).build(),
                HttpResponse.BodyHandlers.ofString());
        String consentAction = find(consent.body(), "<form[^>]*action=\"([^\"]*login-actions/consent[^\"]*)\"").replace("&amp;", "&");
        String code = find(consent.body(), "name=\"code\" value=\"([^\"]+)\"");
        HttpResponse<String> done = browser.send(HttpRequest.newBuilder(consent.uri().resolve(consentAction))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("code", code, "accept", "Yes"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(done.body().contains("Device Login Successful"), "Keycloak did not approve the device: " + done.body());
    }

    static String find(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        if (!m.find()) {
            fail("Keycloak's page changed: no match for " + regex + " in\n" + html);
        }
        return m.group(1);
    }

    static String form(String... pairs) {
        StringJoiner out = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    static Map<String, Object> json(String text) throws java.text.ParseException {
        return JSONObjectUtils.parse(text);
    }
}
