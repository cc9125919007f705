package dev.chaperone.broker.client.signin;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.token.TokenBrokerException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The signed-in person's tokens, in memory only. The access token is the subject token of every
 * exchange; it is refreshed (with the refresh token) only while the person's own session at the
 * broker is alive: when the broker refuses the refresh, no new task token can be had and the
 * assistant's session ends.
 */
public final class HumanSession {
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(30);

    private final Human human;
    private final AuthorizationServerMetadata metadata;
    private final ClientID desktopClient;
    private final Clock clock;
    private String accessToken;
    private Instant expiresAt;
    private RefreshToken refreshToken;

    HumanSession(Human human, AuthorizationServerMetadata metadata, ClientID desktopClient, Tokens tokens, Clock clock) {
        this.human = human;
        this.metadata = metadata;
        this.desktopClient = desktopClient;
        this.clock = clock;
        take(tokens);
    }

    public Human human() {
        return human;
    }

    /** The current access token, refreshed first when it is about to expire. */
    public synchronized String accessToken() throws TokenBrokerException {
        if (clock.instant().plus(REFRESH_BEFORE_EXPIRY).isAfter(expiresAt)) {
            refresh();
        }
        return accessToken;
    }

    private void refresh() throws TokenBrokerException {
        if (refreshToken == null) {
            throw new TokenBrokerException(TokenBrokerException.Kind.REFUSED,
                    "Your sign-in has expired. Sign in again to give the assistant a new task.");
        }
        TokenRequest request = new TokenRequest.Builder(metadata.getTokenEndpointURI(), desktopClient,
                new RefreshTokenGrant(refreshToken)).build();
        HTTPResponse http = BrokerClient.send(request.toHTTPRequest(), "renew your sign-in");
        try {
            take(success(TokenResponse.parse(http), http, "ended your sign-in").getTokens());
        } catch (ParseException e) {
            throw BrokerClient.unreadable(http, e);
        }
    }

    private void take(Tokens tokens) {
        accessToken = tokens.getAccessToken().getValue();
        long lifetime = tokens.getAccessToken().getLifetime();
        expiresAt = clock.instant().plusSeconds(lifetime > 0 ? lifetime : 60);
        if (tokens.getRefreshToken() != null) {
            refreshToken = tokens.getRefreshToken();
        }
    }

    static AccessTokenResponse success(TokenResponse response, HTTPResponse http, String what) throws TokenBrokerException {
        if (!response.indicatesSuccess()) {
            throw BrokerClient.refusedBy(response.toErrorResponse().getErrorObject(), http, what);
        }
        return response.toSuccessResponse();
    }
}
