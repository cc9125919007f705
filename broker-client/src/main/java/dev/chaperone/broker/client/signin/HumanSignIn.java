package dev.chaperone.broker.client.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.sun.net.httpserver.HttpServer;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.BrokerDiscovery;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.core.token.TokenBrokerException.Kind;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Signs the person in at the organisation's broker with OpenID Connect: the authorization code
 * flow with PKCE in the system browser and a loopback redirect (RFC 8252), or the device
 * authorization grant (RFC 8628) where no browser may be opened. The person's identity comes from
 * the validated ID token; the tokens stay in memory.
 */
public final class HumanSignIn {
    private final AuthorizationServerMetadata metadata;
    private final ClientID client;
    private final Scope scope;
    private final IDTokenValidator idTokens;
    private Clock clock = Clock.systemUTC();

    private HumanSignIn(AuthorizationServerMetadata metadata, ClientID client, Scope scope) throws TokenBrokerException {
        this.metadata = metadata;
        this.client = client;
        this.scope = scope;
        try {
            JWSVerificationKeySelector<SecurityContext> keys = new JWSVerificationKeySelector<>(
                    Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256),
                    JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).build());
            this.idTokens = new IDTokenValidator(metadata.getIssuer(), client, keys, null);
        } catch (MalformedURLException | NullPointerException e) {
            throw new TokenBrokerException(Kind.MALFORMED, "The broker publishes no usable key set address.", e);
        }
    }

    public static HumanSignIn at(URI issuer, String desktopClientId, Set<String> scopes) throws TokenBrokerException {
        Scope scope = new Scope(scopes.toArray(String[]::new));
        if (!scope.contains("openid")) {
            scope.add("openid");
        }
        return new HumanSignIn(BrokerDiscovery.metadataOf(issuer), new ClientID(desktopClientId), scope);
    }

    /** The clock the session judges its access token's expiry by (tests move it forward instead of waiting). */
    HumanSignIn withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** RFC 8628: show a code, poll until the person approved it elsewhere, or it expired. */
    public HumanSession withDeviceCode(SignInPrompt prompt) throws TokenBrokerException, InterruptedException {
        if (metadata.getDeviceAuthorizationEndpointURI() == null) {
            throw new TokenBrokerException(Kind.MALFORMED, "The broker offers no device sign-in.");
        }
        // PKCE on the device grant too: Keycloak demands it from a client set to S256, and a
        // stolen device code is then useless without the verifier that never left this process.
        CodeVerifier verifier = new CodeVerifier();
        Map<String, List<String>> pkce = Map.of(
                "code_challenge", List.of(CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue()),
                "code_challenge_method", List.of(CodeChallengeMethod.S256.getValue()));
        HTTPResponse http = BrokerClient.send(new DeviceAuthorizationRequest(metadata.getDeviceAuthorizationEndpointURI(),
                client, scope, pkce).toHTTPRequest(), "start your sign-in");
        DeviceAuthorizationSuccessResponse device;
        try {
            DeviceAuthorizationResponse response = DeviceAuthorizationResponse.parse(http);
            if (!response.indicatesSuccess()) {
                throw BrokerClient.refusedBy(response.toErrorResponse().getErrorObject(), http, "refused device sign-in");
            }
            device = response.toSuccessResponse();
        } catch (ParseException e) {
            throw BrokerClient.unreadable(http, e);
        }
        Duration lifetime = Duration.ofSeconds(device.getLifetime() > 0 ? device.getLifetime() : 600);
        prompt.showDeviceCode(device.getVerificationURI(), device.getVerificationURIComplete(),
                device.getUserCode().getValue(), lifetime);
        try {
            long interval = Math.max(1, device.getInterval() > 0 ? device.getInterval() : 5);
            Instant deadline = Instant.now().plus(lifetime);
            TokenRequest poll = new TokenRequest.Builder(metadata.getTokenEndpointURI(), client,
                    new DeviceCodeGrant(device.getDeviceCode())).customParameter("code_verifier", verifier.getValue()).build();
            while (Instant.now().isBefore(deadline)) {
                TimeUnit.SECONDS.sleep(interval);
                HTTPResponse answer = BrokerClient.send(poll.toHTTPRequest(), "finish your sign-in");
                TokenResponse response = parse(answer);
                if (response.indicatesSuccess()) {
                    return session((OIDCTokenResponse) response.toSuccessResponse(), null);
                }
                String code = response.toErrorResponse().getErrorObject().getCode();
                if ("slow_down".equals(code)) {
                    interval += 5;
                } else if (!"authorization_pending".equals(code)) {
                    throw BrokerClient.refusedBy(response.toErrorResponse().getErrorObject(), answer, "did not sign you in");
                }
            }
            throw new TokenBrokerException(Kind.REFUSED, "The sign-in code expired before it was used. Try again.");
        } finally {
            prompt.done();
        }
    }

    /** RFC 8252 with PKCE: the system browser signs the person in and comes back to a loopback port. */
    public HumanSession inBrowser(SignInPrompt prompt, Duration timeout) throws TokenBrokerException, InterruptedException {
        if (metadata.getAuthorizationEndpointURI() == null) {
            throw new TokenBrokerException(Kind.MALFORMED, "The broker offers no browser sign-in.");
        }
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        CompletableFuture<URI> callback = new CompletableFuture<>();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new TokenBrokerException(Kind.LOCAL, "Cannot listen on this machine for the sign-in to come back.", e);
        }
        server.createContext("/callback", exchange -> {
            byte[] page = "<!doctype html><title>Chaperone</title><p>You are signed in to Chaperone. You can close this tab."
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            callback.complete(URI.create("http://127.0.0.1" + exchange.getRequestURI()));
        });
        server.start();
        URI redirect = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callback");
        try {
            AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, scope, client, redirect)
                    .endpointURI(metadata.getAuthorizationEndpointURI())
                    .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256).build();
            prompt.openBrowser(request.toURI());
            URI answer = callback.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            AuthorizationResponse response = AuthorizationResponse.parse(answer);
            if (!state.equals(response.getState())) {
                throw new TokenBrokerException(Kind.REFUSED, "The sign-in answer did not belong to this sign-in; it was ignored.");
            }
            if (!response.indicatesSuccess()) {
                var error = response.toErrorResponse().getErrorObject();
                throw new TokenBrokerException(Kind.REFUSED, "The broker did not sign you in (" + error.getCode() + "): "
                        + error.getDescription(), error.getCode(), error.getDescription(), null);
            }
            AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
            TokenRequest tokenRequest = new TokenRequest.Builder(metadata.getTokenEndpointURI(), client,
                    new AuthorizationCodeGrant(code, redirect, verifier)).build();
            HTTPResponse http = BrokerClient.send(tokenRequest.toHTTPRequest(), "finish your sign-in");
            TokenResponse tokens = parse(http);
            return session((OIDCTokenResponse) HumanSession.success(tokens, http, "did not sign you in"), nonce);
        } catch (TimeoutException e) {
            throw new TokenBrokerException(Kind.REFUSED, "The sign-in in the browser did not finish within "
                    + timeout.toMinutes() + " minutes.");
        } catch (ExecutionException | ParseException e) {
            throw new TokenBrokerException(Kind.MALFORMED, "The sign-in answer could not be read: " + e.getMessage(), e);
        } finally {
            server.stop(0);
            prompt.done();
        }
    }

    /**
     * The groups the broker says the person is in (a {@code groups} claim of strings, as Keycloak's
     * group mapper and most brokers write it), for IT's policy rules; none if it says nothing usable.
     */
    private static java.util.List<String> groups(IDTokenClaimsSet claims) {
        try {
            java.util.List<String> groups = claims.getStringListClaim("groups");
            return groups == null ? java.util.List.of() : groups.stream().filter(java.util.Objects::nonNull).toList();
        } catch (RuntimeException notAList) {
            return java.util.List.of();
        }
    }

    private static TokenResponse parse(HTTPResponse http) throws TokenBrokerException {
        try {
            return OIDCTokenResponseParser.parse(http);
        } catch (ParseException e) {
            throw BrokerClient.unreadable(http, e);
        }
    }

    private HumanSession session(OIDCTokenResponse response, Nonce nonce) throws TokenBrokerException {
        Tokens tokens = response.getOIDCTokens();
        IDTokenClaimsSet claims;
        try {
            claims = idTokens.validate(response.getOIDCTokens().getIDToken(), nonce);
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            throw new TokenBrokerException(Kind.UNTRUSTED_TOKEN, "The broker's statement of who you are could not be trusted: "
                    + e.getMessage(), e);
        }
        String name = claims.getStringClaim("name");
        if (name == null) {
            name = claims.getStringClaim("preferred_username");
        }
        Human human = new Human(claims.getSubject().getValue(), name == null ? claims.getSubject().getValue() : name,
                groups(claims));
        return new HumanSession(human, metadata, client, tokens, clock);
    }
}
