package dev.chaperone.broker.client;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * How Chaperone talks to one broker: its issuer (everything else comes from discovery), the extra
 * scopes it may add without the token counting as broader than asked, and DPoP.
 *
 * @param harmlessScopes scopes a broker adds on its own (Keycloak adds a client's default scopes)
 *                       that grant nothing at the task's site; any other extra scope is refused
 */
public record BrokerSettings(URI issuer, Set<String> harmlessScopes, DpopMode dpop) {
    public static final Set<String> DEFAULT_HARMLESS_SCOPES = Set.of("openid", "profile", "email");

    public BrokerSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(dpop, "dpop");
        harmlessScopes = Set.copyOf(harmlessScopes);
    }

    public static BrokerSettings of(URI issuer) {
        return new BrokerSettings(issuer, DEFAULT_HARMLESS_SCOPES, DpopMode.PREFERRED);
    }

    public BrokerSettings withDpop(DpopMode mode) {
        return new BrokerSettings(issuer, harmlessScopes, mode);
    }
}
