package dev.chaperone.broker.client.testing;

import com.nimbusds.jose.jwk.JWK;
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

import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The test realm "chaperone" in the Keycloak that {@code scripts/keycloak.sh} starts (see
 * {@code src/test/resources/keycloak/chaperone-realm.json}), and what a person or IT does there:
 * register the assistant's key, log in on Keycloak's own pages, and the portal's introspection.
 * Shared by the broker-client and app tests (test-jar).
 */
public final class KeycloakRealm {
    public static final String ASSISTANT_CLIENT = "chaperone-assistant";
    public static final String DESKTOP_CLIENT = "chaperone-desktop";
    public static final String PORTAL_AUDIENCE = "finance-portal";
    public static final String USER = "alice";
    public static final String PASSWORD = "alice-password";

    private final URI base;

    private KeycloakRealm(URI base) {
        this.base = base;
    }

    /**
     * The running Keycloak from {@code CHAPERONE_KEYCLOAK_URL}. Under CI its absence fails the
     * test; elsewhere the test is skipped with the command that starts it.
     */
    public static KeycloakRealm running() {
        String url = System.getenv("CHAPERONE_KEYCLOAK_URL");
        if (url == null && System.getenv("CI") != null) {
            fail("CI must run this against Keycloak: start it with scripts/keycloak.sh and set CHAPERONE_KEYCLOAK_URL");
        }
        assumeTrue(url != null, "no Keycloak: run scripts/keycloak.sh fetch && scripts/keycloak.sh start, "
                + "then set CHAPERONE_KEYCLOAK_URL=http://127.0.0.1:18080");
        return new KeycloakRealm(URI.create(url));
    }

    public URI issuer() {
        return URI.create(base + "/realms/chaperone");
    }

    public URI jwksUri() {
        return URI.create(issuer() + "/protocol/openid-connect/certs");
    }

    /** What IT does with {@code chaperone identity show}: paste the public JWKS into the assistant's client. */
    public void registerAssistantKey(JWK key) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String admin = adminToken(http);
        String id = firstId(http, admin, "clients?clientId=" + ASSISTANT_CLIENT);
        String body = JSONObjectUtils.toJSONString(Map.of("attributes",
                Map.of("jwks.string", new JWKSet(key.toPublicJWK()).toString(true))));
        int status = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/chaperone/clients/" + id))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertEquals(204, status, "registering the assistant's key at Keycloak");
    }

    /** Ends all of alice's sessions at Keycloak, as when she signs out elsewhere or IT disables her. */
    public void logOutAlice() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String admin = adminToken(http);
        String id = firstId(http, admin, "users?exact=true&username=" + USER);
        int status = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/chaperone/users/" + id + "/logout"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        assertEquals(204, status, "logging alice out at Keycloak");
    }

    /** Keycloak's internal id of the first client or user an admin search finds. */
    private String firstId(HttpClient http, String admin, String search) throws Exception {
        String list = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/chaperone/" + search))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()).body();
        List<?> found = (List<?>) JSONObjectUtils.parse("{\"found\":" + list + "}").get("found");
        return ((Map<?, ?>) found.get(0)).get("id").toString();
    }

    private String adminToken(HttpClient http) throws Exception {
        return JSONObjectUtils.parse(http.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("grant_type", "password", "client_id", "admin-cli",
                        "username", "admin", "password", "admin"))).build(), HttpResponse.BodyHandlers.ofString()).body())
                .get("access_token").toString();
    }

    /** The resource server's view (RFC 7662): the assistant may not introspect tokens for another audience. */
    public boolean activeForThePortal(String token) throws Exception {
        TokenIntrospectionRequest request = new TokenIntrospectionRequest(
                URI.create(issuer() + "/protocol/openid-connect/token/introspect"),
                new ClientSecretBasic(new ClientID(PORTAL_AUDIENCE), new Secret("portal-secret")), new TypelessAccessToken(token));
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(request.toHTTPRequest().send());
        assertTrue(response.indicatesSuccess());
        return response.toSuccessResponse().isActive();
    }

    /** The person at the app's sign-in prompt: alice answers on Keycloak's pages where the app sends her. */
    public static SignInPrompt alice() {
        return new SignInPrompt() {
            @Override
            public void showDeviceCode(URI verificationUri, URI complete, String userCode, Duration expiresIn) {
                act(() -> approveDevice(complete));
            }

            @Override
            public void openBrowser(URI authorizationRequest) {
                // Off this thread: the app's loopback listener must be free to take the redirect.
                new Thread(() -> act(() -> logInInBrowser(authorizationRequest)), "alice-browser").start();
            }

            @Override
            public void done() {
            }
        };
    }

    /** Alice signed in at the desktop client by device code. */
    public HumanSession signInAliceByDeviceCode() throws Exception {
        return HumanSignIn.at(issuer(), DESKTOP_CLIENT, Set.of("openid", "profile")).withDeviceCode(alice());
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void act(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            throw new IllegalStateException("alice could not answer Keycloak's page", e);
        }
    }

    /** What alice does on her phone or another computer: open the device page, log in, accept. */
    public static void approveDevice(URI verificationUriComplete) throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> consent = logIn(browser, verificationUriComplete);
        String consentAction = find(consent.body(), "<form[^>]*action=\"([^\"]*login-actions/consent[^\"]*)\"").replace("&amp;", "&");
        String code = find(consent.body(), "name=\"code\" value=\"([^\"]+)\"");
        HttpResponse<String> done = browser.send(HttpRequest.newBuilder(consent.uri().resolve(consentAction))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("code", code, "accept", "Yes"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(done.body().contains("Device Login Successful"), "Keycloak did not approve the device: " + done.body());
    }

    /**
     * What alice's browser does with an authorization request: log in, and follow Keycloak's
     * redirect back to the loopback address the desktop app listens on.
     */
    public static void logInInBrowser(URI authorizationRequest) throws Exception {
        HttpResponse<String> back = logIn(browser(), authorizationRequest);
        assertTrue(back.uri().getHost().equals("127.0.0.1") && back.uri().getPath().equals("/callback"),
                "Keycloak did not send the browser back to the app: " + back.uri());
    }

    private static HttpResponse<String> logIn(HttpClient browser, URI page) throws Exception {
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        String action = find(login.body(), "<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").replace("&amp;", "&");
        return browser.send(HttpRequest.newBuilder(login.uri().resolve(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("username", USER, "password", PASSWORD))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Keycloak marks its cookies Secure even on http://127.0.0.1, which the JDK's CookieManager
     * will not send back, so this jar returns every cookie as a browser on loopback does.
     */
    private static HttpClient browser() {
        Map<String, String> jar = new LinkedHashMap<>();
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).cookieHandler(new CookieHandler() {
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
    }

    private static String find(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        if (!m.find()) {
            fail("Keycloak's page changed: no match for " + regex + " in\n" + html);
        }
        return m.group(1);
    }

    private static String form(String... pairs) {
        StringJoiner out = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
