package dev.chaperone.broker.client.signin;

import dev.chaperone.broker.client.testing.KeycloakRealm;
import dev.chaperone.core.token.TokenBrokerException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The person's token is renewed with the refresh token only while their own session at Keycloak
 * lives: once they are logged out there, no new subject token, so no new task token either.
 * The clock moves forward instead of the test waiting out Keycloak's 120 s token lifetime.
 */
class HumanSessionRefreshTest {
    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void aNearlyExpiredTokenIsRefreshedAndALoggedOutPersonGetsNoNewOne() throws Exception {
        KeycloakRealm keycloak = KeycloakRealm.running();
        MovableClock clock = new MovableClock();
        HumanSession alice = HumanSignIn.at(keycloak.issuer(), KeycloakRealm.DESKTOP_CLIENT, Set.of("openid", "profile"))
                .withClock(clock).withDeviceCode(KeycloakRealm.alice());
        String first = alice.accessToken();
        assertEquals(first, alice.accessToken(), "a fresh token is used as it is");

        clock.advance(Duration.ofSeconds(100));
        String refreshed = alice.accessToken();
        assertNotEquals(first, refreshed, "within 30 s of expiry the token is refreshed");

        keycloak.logOutAlice();
        clock.advance(Duration.ofSeconds(100));
        TokenBrokerException e = assertThrows(TokenBrokerException.class, alice::accessToken);
        assertEquals(TokenBrokerException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("ended your sign-in"), e.getMessage());
    }
}
