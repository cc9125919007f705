package dev.chaperone.broker.embedded;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;

import java.util.Optional;

/** RFC 7662: tells an authenticated client whether a token is active and what it carries. */
final class IntrospectionEndpoint {
    private final TokenAuthority authority;
    private final ClientAuthenticator clients;

    IntrospectionEndpoint(TokenAuthority authority, ClientAuthenticator clients) {
        this.authority = authority;
        this.clients = clients;
    }

    HTTPResponse handle(HTTPRequest http) {
        TokenIntrospectionRequest request;
        try {
            request = TokenIntrospectionRequest.parse(http);
            clients.authenticate(request.getClientAuthentication());
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            return new TokenErrorResponse(OAuth2Error.INVALID_REQUEST).toHTTPResponse();
        } catch (InvalidClientException e) {
            return new TokenErrorResponse(OAuth2Error.INVALID_CLIENT).toHTTPResponse();
        }
        Optional<JWTClaimsSet> claims = authority.validate(request.getToken().getValue());
        if (claims.isEmpty()) {
            return new TokenIntrospectionSuccessResponse.Builder(false).build().toHTTPResponse();
        }
        JWTClaimsSet c = claims.get();
        TokenIntrospectionSuccessResponse.Builder active = new TokenIntrospectionSuccessResponse.Builder(true)
                .issuer(new Issuer(c.getIssuer()))
                .subject(new Subject(c.getSubject()))
                .audience(Audience.create(c.getAudience()))
                .expirationTime(c.getExpirationTime())
                .issueTime(c.getIssueTime())
                .jwtID(new JWTID(c.getJWTID()))
                .tokenType(AccessTokenType.BEARER);
        Object scope = c.getClaim("scope");
        if (scope != null) {
            active.scope(Scope.parse(scope.toString()));
        }
        Object clientId = c.getClaim("client_id");
        if (clientId != null) {
            active.clientID(new ClientID(clientId.toString()));
        }
        Object act = c.getClaim("act");
        if (act != null) {
            active.parameter("act", act);
        }
        return active.build().toHTTPResponse();
    }
}
