package dev.chaperone.broker.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.token.TaskCredentials;
import dev.chaperone.core.token.TokenBrokerException;
import dev.chaperone.core.token.WriteCredential;
import dev.chaperone.core.token.TaskToken;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final Optional<WriteTokens> writes;

    /** Mints the token of one approved write and takes it back: the session's broker, journal and audit behind it. */
    public interface WriteTokens {
        TaskToken mint(String method, URI url) throws TokenBrokerException;

        /** Takes the token back once its write was answered; records any failure itself. */
        void revoke(TaskToken token);
    }

    ScopedTaskCredentials(Origin allowedOrigin, TaskToken token, Optional<DPoPProofFactory> dpop, Clock clock,
                          Optional<WriteTokens> writes) {
        this.allowedOrigin = allowedOrigin;
        this.token = new AtomicReference<>(token);
        this.dpop = dpop;
        this.clock = clock;
        this.writes = writes;
    }

    @Override
    public Map<String, String> headersFor(String method, URI url) {
        TaskToken current = token.get();
        if (current == null || !forTaskSite(url)) {
            return Map.of();
        }
        return headers(current, method, url);
    }

    /**
     * Mints a token with the task's write scopes for this one request, while the session runs and
     * only for the task's own site; the caller revokes it once the request was answered.
     */
    @Override
    public Optional<WriteCredential> forOneWrite(String method, URI url) throws TokenBrokerException {
        if (writes.isEmpty() || token.get() == null || !forTaskSite(url)) {
            return Optional.empty();
        }
        TaskToken minted = writes.get().mint(method, url);
        Map<String, String> headers = headers(minted, method, url);
        AtomicBoolean revoked = new AtomicBoolean();
        Runnable revoke = () -> {
            if (revoked.compareAndSet(false, true)) {
                writes.get().revoke(minted);
            }
        };
        if (headers.isEmpty()) {
            revoke.run();
            throw new TokenBrokerException(TokenBrokerException.Kind.LOCAL,
                    "The write's token could not be bound to this session's key, so it was given back.");
        }
        return Optional.of(new WriteCredential() {
            @Override
            public Map<String, String> headers() {
                return headers;
            }

            @Override
            public String tokenId() {
                return minted.tokenId();
            }

            @Override
            public void revoke() {
                revoke.run();
            }
        });
    }

    private boolean forTaskSite(URI url) {
        return Origin.of(url.toString()).map(allowedOrigin::equals).orElse(false);
    }

    private Map<String, String> headers(TaskToken current, String method, URI url) {
        if (current.isExpiredAt(clock.instant())) {
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
