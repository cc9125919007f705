package dev.chaperone.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaperone.config.ChaperoneConfig.AssistantKey;
import dev.chaperone.config.ChaperoneConfig.Dpop;
import dev.chaperone.config.ChaperoneConfig.SignInMethod;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.TaskTarget;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the machine file (IT's, under {@code /etc/chaperone}) and the user file (under
 * {@code $XDG_CONFIG_HOME/chaperone}) into one {@link ChaperoneConfig}. The user file may only
 * narrow what the machine file allows: fewer targets, fewer scopes, stricter DPoP, fewer harmless
 * scopes, a shorter prompt timeout. Without a machine file nothing is managed and the user file
 * is the whole configuration; without either, the embedded mode runs.
 */
public final class ConfigLoader {
    public static final String FILE_NAME = "chaperone.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {
    }

    /** Loads from the standard places. Missing files are fine; broken ones are not. */
    public static ChaperoneConfig load(Path machineFile, Path userFile) throws ConfigException {
        Optional<Parsed> machine = read(machineFile);
        Optional<Parsed> user = read(userFile);
        if (machine.isEmpty() && user.isEmpty()) {
            return ChaperoneConfig.embedded();
        }
        Map<String, String> sources = new HashMap<>();
        if (machine.isEmpty()) {
            // Without IT's file the user's is the whole configuration, except what only IT may say.
            if (user.get().content().browser() != null) {
                throw user.get().problem("browser", "is IT's to set, in the managed file ("
                        + machineFile + "); a user file cannot hold it");
            }
            return resolve(user.get(), sources);
        }
        ChaperoneConfig managed = resolve(machine.get(), sources);
        return user.isEmpty() ? managed : Narrowing.apply(managed, user.get(), sources);
    }

    /** A file as written, with where its fields are. */
    record Parsed(Path file, ConfigFile content, FieldLines lines) {
        ConfigException problem(String field, String message) {
            return new ConfigException(file, lines.lineOf(field), field, message);
        }
    }

    static Optional<Parsed> read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ConfigException(file, 0, "", "cannot be read (" + e.getMessage() + ")");
        }
        FieldLines lines;
        try {
            lines = FieldLines.of(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(file, line, "", "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        try {
            ConfigFile content = JSON.readValue(text, ConfigFile.class);
            if (content == null) {
                throw new ConfigException(file, 1, "", "is empty; write {} for no settings");
            }
            return Optional.of(new Parsed(file, content, lines));
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "" : path(e.getPath());
            // Jackson's own location is where it stopped reading, often the line after the field.
            int line = lines.lineOf(field) > 0 ? lines.lineOf(field) : e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(file, line, field, mappingProblem(e));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(file, line, "", "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static String mappingProblem(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            return "unknown setting \"" + unknown.getPropertyName() + "\"";
        }
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" at [Source");
        return "has the wrong type (" + (cut > 0 ? message.substring(0, cut) : message) + ")";
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** Checks one file on its own and turns it into typed values, noting the file as each value's source. */
    static ChaperoneConfig resolve(Parsed parsed, Map<String, String> sources) throws ConfigException {
        ConfigFile c = parsed.content();
        String from = parsed.file().toString();
        Optional<ChaperoneConfig.Broker> broker = Optional.empty();
        Optional<ChaperoneConfig.SignIn> signIn = Optional.empty();
        if (c.broker() != null) {
            broker = Optional.of(broker(parsed, c.broker(), sources));
            if (c.signIn() == null || c.signIn().clientId() == null || c.signIn().clientId().isBlank()) {
                throw parsed.problem("signIn.clientId", "a broker needs the desktop client that signs the person in");
            }
            if (c.targets() == null || c.targets().isEmpty()) {
                throw parsed.problem("targets", "a broker needs at least one task target");
            }
        } else if (c.signIn() != null || c.targets() != null) {
            throw parsed.problem(c.signIn() != null ? "signIn" : "targets", "needs a broker section (without one, Chaperone runs its embedded demo)");
        }
        if (c.signIn() != null) {
            ConfigFile.SignIn s = c.signIn();
            Set<String> scopes = s.scopes() == null ? Set.of("openid", "profile") : new LinkedHashSet<>(s.scopes());
            signIn = Optional.of(new ChaperoneConfig.SignIn(s.clientId(), scopes,
                    choice(parsed, "signIn.method", s.method(), SignInMethod.class, SignInMethod.BROWSER)));
            note(sources, "signIn.clientId", s.clientId(), from);
            note(sources, "signIn.scopes", s.scopes(), from);
            note(sources, "signIn.method", s.method(), from);
        }
        List<TaskTarget> targets = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (c.targets() != null) {
            for (int i = 0; i < c.targets().size(); i++) {
                TaskTarget target = target(parsed, "targets[" + i + "]", c.targets().get(i));
                if (!ids.add(target.id())) {
                    throw parsed.problem("targets[" + i + "].id", "the id \"" + target.id() + "\" is used twice");
                }
                targets.add(target);
            }
            sources.put("targets", from);
        }
        Duration timeout = seconds(parsed, "promptTimeoutSeconds", c.promptTimeoutSeconds(), PROMPT_TIMEOUT_RANGE,
                ChaperoneConfig.DEFAULT_PROMPT_TIMEOUT, sources);
        Duration idle = seconds(parsed, "idleTimeoutSeconds", c.idleTimeoutSeconds(), IDLE_TIMEOUT_RANGE,
                ChaperoneConfig.DEFAULT_IDLE_TIMEOUT, sources);
        AuditSettings audit = c.audit() == null ? AuditSettings.DEFAULTS : AuditSection.resolve(parsed, c.audit());
        if (c.audit() != null) {
            sources.put("audit", from);
        }
        java.util.Map<String, String> sensitivity = new java.util.LinkedHashMap<>();
        if (c.dataSensitivity() != null) {
            for (java.util.Map.Entry<String, String> rule : c.dataSensitivity().entrySet()) {
                String at = "dataSensitivity[\"" + rule.getKey() + "\"]";
                if (dev.chaperone.core.identity.Origin.of(rule.getKey()).isEmpty()) {
                    throw parsed.problem(at, "must start with a web address (https://host/path)");
                }
                if (rule.getValue() == null || !rule.getValue().matches("[a-z][a-z-]{0,30}")) {
                    throw parsed.problem(at, "must be a single lower-case word such as public, internal, confidential or secret");
                }
                sensitivity.put(rule.getKey(), rule.getValue());
            }
            sources.put("dataSensitivity", from);
        }
        return new ChaperoneConfig(broker, signIn, targets, timeout, idle, audit, sensitivity, sources,
                engine(parsed, c.browser(), sources));
    }

    static final Range ENGINE_AGE_RANGE = new Range(1, 3650);

    private static ChaperoneConfig.Engine engine(Parsed parsed, ConfigFile.Browser b, Map<String, String> sources)
            throws ConfigException {
        if (b == null) {
            return ChaperoneConfig.Engine.DEFAULTS;
        }
        if (b.maxEngineAgeDays() != null && !ENGINE_AGE_RANGE.holds(b.maxEngineAgeDays())) {
            throw parsed.problem("browser.maxEngineAgeDays", "must be between " + ENGINE_AGE_RANGE.min() + " and "
                    + ENGINE_AGE_RANGE.max() + " days, not " + b.maxEngineAgeDays());
        }
        String from = parsed.file().toString();
        note(sources, "browser.allowUncontained", b.allowUncontained(), from);
        note(sources, "browser.maxEngineAgeDays", b.maxEngineAgeDays(), from);
        note(sources, "browser.jitless", b.jitless(), from);
        return new ChaperoneConfig.Engine(Boolean.TRUE.equals(b.allowUncontained()), Optional.ofNullable(b.maxEngineAgeDays()),
                Boolean.TRUE.equals(b.jitless()));
    }

    /** Allowed seconds for a timeout field, both ends included. */
    record Range(int min, int max) {
        boolean holds(int seconds) {
            return seconds >= min && seconds <= max;
        }
    }

    static final Range PROMPT_TIMEOUT_RANGE = new Range(5, 300);
    static final Range IDLE_TIMEOUT_RANGE = new Range(30, 8 * 3600);

    /** A timeout in seconds within its range, or the default when the file leaves it out. */
    private static Duration seconds(Parsed parsed, String field, Integer value, Range range, Duration fallback,
                                    Map<String, String> sources) throws ConfigException {
        if (value == null) {
            return fallback;
        }
        if (!range.holds(value)) {
            throw parsed.problem(field, "must be between " + range.min() + " and " + range.max() + " seconds");
        }
        sources.put(field, parsed.file().toString());
        return Duration.ofSeconds(value);
    }

    private static ChaperoneConfig.Broker broker(Parsed parsed, ConfigFile.Broker b, Map<String, String> sources)
            throws ConfigException {
        String from = parsed.file().toString();
        URI issuer = issuer(parsed, b.issuer());
        if (b.assistantClientId() == null || b.assistantClientId().isBlank()) {
            throw parsed.problem("broker.assistantClientId", "is missing: the assistant's client id at the broker");
        }
        AssistantKey key = AssistantKey.generated();
        if (b.assistantKey() != null) {
            ConfigFile.Key k = b.assistantKey();
            if ((k.jwkFile() == null) == (k.pkcs12File() == null)) {
                throw parsed.problem("broker.assistantKey", "name exactly one of jwkFile or pkcs12File");
            }
            if (k.pkcs12File() != null && k.passwordFile() == null) {
                throw parsed.problem("broker.assistantKey.passwordFile", "a PKCS#12 file needs the file holding its password");
            }
            key = new AssistantKey(Optional.ofNullable(k.jwkFile()).map(Path::of), Optional.ofNullable(k.pkcs12File()).map(Path::of),
                    Optional.ofNullable(k.alias()), Optional.ofNullable(k.passwordFile()).map(Path::of));
            sources.put("broker.assistantKey", from);
        }
        Set<String> harmless = b.harmlessScopes() == null ? Set.of("openid", "profile", "email") : Set.copyOf(b.harmlessScopes());
        sources.put("broker.issuer", from);
        sources.put("broker.assistantClientId", from);
        note(sources, "broker.harmlessScopes", b.harmlessScopes(), from);
        note(sources, "broker.dpop", b.dpop(), from);
        return new ChaperoneConfig.Broker(issuer, b.assistantClientId(), key, harmless,
                choice(parsed, "broker.dpop", b.dpop(), Dpop.class, Dpop.PREFERRED));
    }

    private static URI issuer(Parsed parsed, String value) throws ConfigException {
        if (value == null) {
            throw parsed.problem("broker.issuer", "is missing: the broker's issuer URL");
        }
        try {
            URI uri = new URI(value);
            String host = uri.getHost();
            boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
            if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
                throw parsed.problem("broker.issuer", "must be an https URL (http only on this machine's loopback)");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw parsed.problem("broker.issuer", "must not have a query or fragment");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw parsed.problem("broker.issuer", "is not a URL (" + e.getReason() + ")");
        }
    }

    private static TaskTarget target(Parsed parsed, String at, ConfigFile.Target t) throws ConfigException {
        if (t.id() == null || !t.id().matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw parsed.problem(at + ".id", "must be lower-case letters, digits and dashes");
        }
        if (t.origins() == null || t.origins().isEmpty()) {
            throw parsed.problem(at + ".origins", "name at least one origin such as https://finance.example.com");
        }
        List<Origin> origins = new ArrayList<>();
        for (int i = 0; i < t.origins().size(); i++) {
            String o = t.origins().get(i);
            Optional<Origin> origin = Origin.of(o);
            if (origin.isEmpty() || !origin.get().toString().equals(Origin.parse(o).toString())
                    || URI.create(o).getRawPath() != null && !URI.create(o).getRawPath().isEmpty()) {
                throw parsed.problem(at + ".origins[" + i + "]", "\"" + o + "\" is not an origin (scheme://host[:port], no path)");
            }
            origins.add(origin.get());
        }
        if (t.audience() == null || t.audience().isBlank()) {
            throw parsed.problem(at + ".audience", "is missing: what the broker calls this site (its client id or URL)");
        }
        Optional<URI> resource = Optional.empty();
        if (t.resource() != null) {
            URI r = URI.create(t.resource());
            if (!r.isAbsolute() || r.getFragment() != null) {
                throw parsed.problem(at + ".resource", "must be an absolute URI without fragment (RFC 8707)");
            }
            resource = Optional.of(r);
        }
        if (t.readScopes() == null || t.readScopes().isEmpty()) {
            throw parsed.problem(at + ".readScopes", "name at least one scope that reads");
        }
        return new TaskTarget(t.id(), t.title() == null ? t.id() : t.title(), origins, t.audience(), resource,
                Set.copyOf(t.readScopes()), t.writeScopes() == null ? Set.of() : Set.copyOf(t.writeScopes()),
                t.sensitivity() == null ? "internal" : t.sensitivity(), Boolean.TRUE.equals(t.startWithoutAsking()));
    }

    static <E extends Enum<E>> E choice(Parsed parsed, String field, String value, Class<E> type, E fallback)
            throws ConfigException {
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw parsed.problem(field, "\"" + value + "\" is not one of " + String.join(", ", names));
        }
    }

    private static void note(Map<String, String> sources, String field, Object value, String from) {
        if (value != null) {
            sources.put(field, from);
        }
    }
}
