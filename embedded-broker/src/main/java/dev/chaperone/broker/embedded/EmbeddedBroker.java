package dev.chaperone.broker.embedded;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.common.contenttype.ContentType;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small OAuth 2.0 authorization server started in-process on loopback when no broker is
 * configured: RFC 8414 metadata, JWKS, RFC 8693 token exchange, RFC 7009 revocation and RFC 7662
 * introspection. It trusts the local OS session to say who the human is; a real broker's
 * sign-in replaces {@link #signInLocalUser} later.
 */
public final class EmbeddedBroker implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; with Nagle on, the body waits for the
        // client's delayed ACK: +40 ms per response (token exchange 52 ms -> 7.5 ms, `chaperone bench`).
        // Read once, when the first server is made, so it is set before that.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public static final String METADATA_PATH = "/.well-known/oauth-authorization-server";
    static final Duration HUMAN_TOKEN_LIFETIME = Duration.ofHours(8);

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "embedded-broker");
        t.setDaemon(true);
        return t;
    });
    private final URI issuer;
    private final TokenAuthority authority;
    private final ClientAuthenticator clients;

    private EmbeddedBroker(HttpServer server) {
        this.server = server;
        this.issuer = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.authority = new TokenAuthority(issuer.toString(), Clock.systemUTC());
        // Like Keycloak: an assertion's audience is the issuer or the token endpoint, never the
        // endpoint being called, so a client that gets this wrong fails here as it would there.
        this.clients = new ClientAuthenticator(Set.of(issuer.toString(), endpoint("/token").toString()));
        TokenEndpoint token = new TokenEndpoint(authority, clients, endpoint("/token"));
        RevocationEndpoint revocation = new RevocationEndpoint(authority, clients);
        IntrospectionEndpoint introspection = new IntrospectionEndpoint(authority, clients);
        route(METADATA_PATH, HTTPRequest.Method.GET, request -> json(metadata().toJSONObject().toJSONString()));
        route("/jwks", HTTPRequest.Method.GET, request -> json(authority.publicKeys().toString(true)));
        route("/token", HTTPRequest.Method.POST, token::handle);
        route("/revoke", HTTPRequest.Method.POST, revocation::handle);
        route("/introspect", HTTPRequest.Method.POST, introspection::handle);
        server.setExecutor(workers);
    }

    /** Starts on 127.0.0.1 on the given port (0 picks a free one). */
    public static EmbeddedBroker start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        EmbeddedBroker broker = new EmbeddedBroker(server);
        server.start();
        return broker;
    }

    public URI issuer() {
        return issuer;
    }

    public URI jwksUri() {
        return endpoint("/jwks");
    }

    public URI metadataUri() {
        return endpoint(METADATA_PATH);
    }

    /**
     * Provisions an assistant: its public key and the only audiences and scopes it may get.
     * What IT does at a real broker.
     */
    public void registerAssistant(String clientId, ECKey publicKey, Set<String> audiences, Set<String> scopes) {
        registerAssistant(clientId, publicKey, audiences, scopes, Set.of());
    }

    /** The same, naming which of the scopes write: a token that carries one lives {@link TokenEndpoint#WRITE_TOKEN_LIFETIME}. */
    public void registerAssistant(String clientId, ECKey publicKey, Set<String> audiences, Set<String> scopes,
                                  Set<String> writeScopes) {
        clients.register(new RegisteredClient(new ClientID(clientId), publicKey.toPublicJWK(), audiences, scopes, writeScopes));
    }

    /**
     * Signs the OS user in without a password: the broker runs inside the user's own session on
     * loopback, so the OS login is the authentication. Returns the human's access token.
     */
    public String signInLocalUser(String username, String displayName) {
        return authority.mint(username, issuer.toString(), HUMAN_TOKEN_LIFETIME,
                Map.of("scope", "openid profile", "name", displayName, "client_id", "chaperone-desktop")).serialize();
    }

    /** Whether a token this broker issued (by its jti) was revoked: what its introspection would say, by id. */
    public boolean isRevoked(String tokenId) {
        return authority.isRevoked(tokenId);
    }

    private AuthorizationServerMetadata metadata() {
        AuthorizationServerMetadata m = new AuthorizationServerMetadata(new Issuer(issuer));
        m.setJWKSetURI(endpoint("/jwks"));
        m.setTokenEndpointURI(endpoint("/token"));
        m.setRevocationEndpointURI(endpoint("/revoke"));
        m.setIntrospectionEndpointURI(endpoint("/introspect"));
        m.setGrantTypes(List.of(GrantType.TOKEN_EXCHANGE));
        List<ClientAuthenticationMethod> keyOnly = List.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        m.setTokenEndpointAuthMethods(keyOnly);
        m.setRevocationEndpointAuthMethods(keyOnly);
        m.setIntrospectionEndpointAuthMethods(keyOnly);
        m.setTokenEndpointJWSAlgs(List.of(JWSAlgorithm.ES256));
        m.setDPoPJWSAlgs(List.of(JWSAlgorithm.ES256));
        return m;
    }

    private URI endpoint(String path) {
        return issuer.resolve(path);
    }

    private void route(String path, HTTPRequest.Method method, Function<HTTPRequest, HTTPResponse> handler) {
        server.createContext(path, exchange -> serve(exchange, path, method, handler));
    }

    private void serve(HttpExchange exchange, String path, HTTPRequest.Method method,
                       Function<HTTPRequest, HTTPResponse> handler) throws IOException {
        try (exchange) {
            HTTPResponse response;
            if (!exchange.getRequestURI().getPath().equals(path)) {
                response = new HTTPResponse(HTTPResponse.SC_NOT_FOUND);
            } else if (!exchange.getRequestMethod().equals(method.name())) {
                response = new HTTPResponse(405);
            } else {
                try {
                    response = handler.apply(HttpBridge.toNimbus(exchange, issuer));
                } catch (com.nimbusds.oauth2.sdk.ParseException | IllegalArgumentException e) {
                    response = new TokenErrorResponse(OAuth2Error.INVALID_REQUEST).toHTTPResponse();
                } catch (RuntimeException e) {
                    response = new TokenErrorResponse(OAuth2Error.SERVER_ERROR).toHTTPResponse();
                }
            }
            response.setCacheControl("no-store");
            HttpBridge.send(exchange, response);
        }
    }

    private static HTTPResponse json(String body) {
        HTTPResponse response = new HTTPResponse(HTTPResponse.SC_OK);
        response.setEntityContentType(ContentType.APPLICATION_JSON);
        response.setBody(body);
        return response;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
