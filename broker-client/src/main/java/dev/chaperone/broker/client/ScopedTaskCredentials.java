package dev.chaperone.broker.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.token.TaskCredentials;
import dev.chaperone.core.token.TaskToken;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands out the task token for requests to the task's one allowed origin and for nothing else;
 * nothing at all once it expired or was cleared at session end. A DPoP-bound token goes out with a
 * fresh proof for that exact method and URL, so a copied value is useless elsewhere.
 */
public final class ScopedTaskCredentials implements TaskCredentials {
    private final Origin allowedOrigin;
    private final AtomicReference<TaskToken> token;
    private final Optional<DPoPProofFactory> dpop;
    private final Clock clock;

    ScopedTaskCredentials(Origin allowedOrigin, TaskToken token, Optional<DPoPProofFactory> dpop, Clock clock) {
        this.allowedOrigin = allowedOrigin;
        this.token = new AtomicReference<>(token);
        this.dpop = dpop;
        this.clock = clock;
    }

    @Override
    public Map<String, String> headersFor(String method, URI url) {
        TaskToken current = token.get();
        if (current == null || current.isExpiredAt(clock.instant())
                || !Origin.of(url.toString()).map(allowedOrigin::equals).orElse(false)) {
            return Map.of();
        }
        if (!current.keyBound()) {
            return Map.of("Authorization", "Bearer " + current.value());
        }
        if (dpop.isEmpty()) {
            return Map.of();
        }
        try {
            DPoPAccessToken bound = new DPoPAccessToken(current.value());
            String proof = dpop.get().createDPoPJWT(method, withoutQuery(url), bound).serialize();
            return Map.of("Authorization", bound.toAuthorizationHeader(), "DPoP", proof);
        } catch (JOSEException | URISyntaxException e) {
            // No proof, no credentials: the request goes out unauthorised rather than with a bare token.
            return Map.of();
        }
    }

    /** RFC 9449 §4.2: htu is the URL without query and fragment. */
    private static URI withoutQuery(URI url) throws URISyntaxException {
        return new URI(url.getScheme(), url.getAuthority(), url.getPath(), null, null);
    }

    /** Puts a renewed token in place of the current one; returns the one replaced. Does nothing once cleared. */
    public Optional<TaskToken> replace(TaskToken renewed) {
        TaskToken current = token.get();
        if (current == null || !token.compareAndSet(current, renewed)) {
            return Optional.empty();
        }
        return Optional.of(current);
    }

    /** Forgets the token; returns it so the caller can revoke it. */
    public Optional<TaskToken> clear() {
        return Optional.ofNullable(token.getAndSet(null));
    }
}
