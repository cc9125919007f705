package dev.chaperone.broker.client;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.core.token.TokenBrokerException.Kind;

import java.net.URI;
import java.util.List;

/**
 * Finds a broker's endpoints from its issuer alone: OpenID Connect discovery first (Keycloak,
 * Entra, Okta), then RFC 8414. The metadata must name the configured issuer, or an attacker who
 * controls one document could send the assistant's credentials elsewhere (mix-up).
 */
public final class BrokerDiscovery {
    private BrokerDiscovery() {
    }

    public static AuthorizationServerMetadata metadataOf(URI issuer) throws TokenBrokerException {
        String base = issuer.toString().replaceAll("/+$", "");
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath().replaceAll("/+$", "");
        String origin = base.substring(0, base.length() - path.length());
        List<URI> candidates = List.of(
                URI.create(base + "/.well-known/openid-configuration"),
                URI.create(origin + "/.well-known/oauth-authorization-server" + path));
        TokenBrokerException last = null;
        for (URI candidate : candidates) {
            HTTPResponse response = BrokerClient.send(new HTTPRequest(HTTPRequest.Method.GET, candidate),
                    "read the broker's settings");
            if (response.getStatusCode() == 404) {
                last = new TokenBrokerException(Kind.MALFORMED, "The broker at " + issuer
                        + " publishes no settings (neither OpenID Connect discovery nor RFC 8414).");
                continue;
            }
            try {
                response.ensureStatusCode(200);
                AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(response.getBodyAsJSONObject());
                if (!metadata.getIssuer().getValue().replaceAll("/+$", "").equals(base)) {
                    throw new TokenBrokerException(Kind.MALFORMED, "The broker at " + issuer
                            + " says it is " + metadata.getIssuer() + ": check the issuer in the configuration.");
                }
                return metadata;
            } catch (ParseException e) {
                throw new TokenBrokerException(Kind.MALFORMED, "The broker at " + issuer
                        + " did not answer with valid settings: " + e.getMessage(), e);
            }
        }
        throw last;
    }
}
