package dev.chaperone.broker.embedded;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

/** RFC 7009: a client revokes a token that was issued to it. Unknown tokens are answered 200, as the RFC says. */
final class RevocationEndpoint {
    private final TokenAuthority authority;
    private final ClientAuthenticator clients;

    RevocationEndpoint(TokenAuthority authority, ClientAuthenticator clients) {
        this.authority = authority;
        this.clients = clients;
    }

    HTTPResponse handle(HTTPRequest http) {
        TokenRevocationRequest request;
        RegisteredClient client;
        try {
            request = TokenRevocationRequest.parse(http);
            client = clients.authenticate(request.getClientAuthentication());
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            return new TokenErrorResponse(OAuth2Error.INVALID_REQUEST).toHTTPResponse();
        } catch (InvalidClientException e) {
            return new TokenErrorResponse(OAuth2Error.INVALID_CLIENT).toHTTPResponse();
        }
        authority.validate(request.getToken().getValue())
                .filter(claims -> client.id().getValue().equals(claims.getClaim("client_id")))
                .ifPresent(claims -> authority.revoke(claims.getJWTID()));
        return new HTTPResponse(HTTPResponse.SC_OK);
    }
}
