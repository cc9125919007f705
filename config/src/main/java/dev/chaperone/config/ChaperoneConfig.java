package dev.chaperone.config;

import dev.chaperone.core.session.TaskTarget;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The effective configuration: what the machine file set, narrowed by the user file, with
 * defaults for the rest, and where each value came from (for {@code chaperone config show}). No
 * broker configured means the embedded mode.
 */
public record ChaperoneConfig(Optional<Broker> broker, Optional<SignIn> signIn, List<TaskTarget> targets,
                             Duration promptTimeout, Duration idleTimeout, AuditSettings audit, Map<String, String> dataSensitivity,
                             Map<String, String> sources, Engine engine) {
    public static final Duration DEFAULT_PROMPT_TIMEOUT = Duration.ofSeconds(30);
    /** Away this long without touching keyboard or mouse ends the session (IT may set it; a user only shortens it). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final String DEFAULT = "default";

    public ChaperoneConfig {
        targets = List.copyOf(targets);
        dataSensitivity = Map.copyOf(dataSensitivity);
        sources = Map.copyOf(sources);
    }

    public static ChaperoneConfig embedded() {
        return new ChaperoneConfig(Optional.empty(), Optional.empty(), List.of(), DEFAULT_PROMPT_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                AuditSettings.DEFAULTS, Map.of(), Map.of(), Engine.DEFAULTS);
    }

    public boolean isEmbedded() {
        return broker.isEmpty();
    }

    /** Where a value came from: a file's path, or {@value #DEFAULT}. */
    public String sourceOf(String field) {
        return sources.getOrDefault(field, DEFAULT);
    }

    public Optional<TaskTarget> target(String id) {
        return targets.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /**
     * IT's word on the assistant's browser engine (the managed file's {@code browser} section only).
     *
     * @param allowUncontained start the engine without a sandbox where none can be had (kiosks, CI); said in every session
     * @param maxEngineAgeDays refuse sessions on an engine released longer ago than this
     * @param jitless          V8 without its JIT compilers (less attack surface, slower scripts)
     */
    public record Engine(boolean allowUncontained, Optional<Integer> maxEngineAgeDays, boolean jitless) {
        public static final Engine DEFAULTS = new Engine(false, Optional.empty(), false);
    }

    public enum Dpop { OFF, PREFERRED, REQUIRED }

    public enum SignInMethod {
        /** Authorization code with PKCE in the system browser, loopback redirect (RFC 8252). */
        BROWSER,
        /** Device authorization grant (RFC 8628), for desktops where no browser may be opened. */
        DEVICE
    }

    public record AssistantKey(Optional<Path> jwkFile, Optional<Path> pkcs12File, Optional<String> alias,
                               Optional<Path> passwordFile) {
        public static AssistantKey generated() {
            return new AssistantKey(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    public record Broker(URI issuer, String assistantClientId, AssistantKey assistantKey, Set<String> harmlessScopes,
                         Dpop dpop) {
        public Broker {
            harmlessScopes = Set.copyOf(harmlessScopes);
        }
    }

    public record SignIn(String clientId, Set<String> scopes, SignInMethod method) {
        public SignIn {
            scopes = Set.copyOf(scopes);
        }
    }
}
