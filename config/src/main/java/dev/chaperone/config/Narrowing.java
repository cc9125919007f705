package dev.chaperone.config;

import dev.chaperone.config.ChaperoneConfig.Dpop;
import dev.chaperone.config.ConfigLoader.Parsed;
import dev.chaperone.core.session.TaskTarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a user file may do to a machine file: take things away, never add. Anything else is an
 * error naming the user file's line, so a person who tried to widen access learns why it did not
 * work instead of silently running with something else.
 */
final class Narrowing {
    private Narrowing() {
    }

    static ChaperoneConfig apply(ChaperoneConfig managed, Parsed user, Map<String, String> sources) throws ConfigException {
        ConfigFile u = user.content();
        String from = user.file().toString();
        Optional<ChaperoneConfig.Broker> broker = managed.broker();
        if (u.broker() != null) {
            ConfigFile.Broker b = u.broker();
            if (managed.broker().isEmpty()) {
                throw user.problem("broker", "IT's configuration runs the embedded mode; a user file cannot add a broker");
            }
            ChaperoneConfig.Broker m = managed.broker().get();
            refuse(user, "broker.issuer", b.issuer());
            refuse(user, "broker.assistantClientId", b.assistantClientId());
            refuse(user, "broker.assistantKey", b.assistantKey());
            Set<String> harmless = m.harmlessScopes();
            if (b.harmlessScopes() != null) {
                harmless = subset(user, "broker.harmlessScopes", b.harmlessScopes(), m.harmlessScopes());
                sources.put("broker.harmlessScopes", from);
            }
            Dpop dpop = m.dpop();
            if (b.dpop() != null) {
                Dpop wanted = ConfigLoader.choice(user, "broker.dpop", b.dpop(), Dpop.class, m.dpop());
                if (wanted.ordinal() < m.dpop().ordinal()) {
                    throw user.problem("broker.dpop", "IT requires at least \"" + m.dpop().name().toLowerCase() + "\"");
                }
                dpop = wanted;
                sources.put("broker.dpop", from);
            }
            broker = Optional.of(new ChaperoneConfig.Broker(m.issuer(), m.assistantClientId(), m.assistantKey(), harmless, dpop));
        }
        Optional<ChaperoneConfig.SignIn> signIn = managed.signIn();
        if (u.signIn() != null) {
            refuse(user, "signIn.clientId", u.signIn().clientId());
            refuse(user, "signIn.scopes", u.signIn().scopes());
            if (u.signIn().method() != null && signIn.isPresent()) {
                if (sources.containsKey("signIn.method")) {
                    refuse(user, "signIn.method", u.signIn().method());
                }
                signIn = Optional.of(new ChaperoneConfig.SignIn(signIn.get().clientId(), signIn.get().scopes(),
                        ConfigLoader.choice(user, "signIn.method", u.signIn().method(), ChaperoneConfig.SignInMethod.class,
                                signIn.get().method())));
                sources.put("signIn.method", from);
            }
        }
        List<TaskTarget> targets = managed.targets();
        if (u.targets() != null) {
            targets = narrowTargets(managed, user);
            sources.put("targets", from);
        }
        Duration timeout = shortened(user, "promptTimeoutSeconds", u.promptTimeoutSeconds(), managed.promptTimeout(),
                ConfigLoader.PROMPT_TIMEOUT_RANGE, sources);
        // Leaving sooner is always allowed; staying longer than IT allows is not.
        Duration idle = shortened(user, "idleTimeoutSeconds", u.idleTimeoutSeconds(), managed.idleTimeout(),
                ConfigLoader.IDLE_TIMEOUT_RANGE, sources);
        // Where the audit goes and how long it is kept is IT's alone: a user cannot turn forwarding off.
        refuse(user, "audit", u.audit());
        // How sensitive the organisation's data is, is IT's to say: the policy decides on it.
        refuse(user, "dataSensitivity", u.dataSensitivity());
        // Whether the engine may run uncontained, how old it may be: IT's alone.
        refuse(user, "browser", u.browser());
        return new ChaperoneConfig(broker, signIn, targets, timeout, idle, managed.audit(), managed.dataSensitivity(), sources,
                managed.engine());
    }

    /** A user's timeout: only as long as IT's or shorter, and not below the field's minimum. */
    private static Duration shortened(Parsed user, String field, Integer value, Duration managed, ConfigLoader.Range range,
                                      Map<String, String> sources) throws ConfigException {
        if (value == null) {
            return managed;
        }
        Duration wanted = Duration.ofSeconds(value);
        if (wanted.compareTo(managed) > 0 || value < range.min()) {
            throw user.problem(field, "may only be shortened, to between " + range.min() + " and "
                    + managed.toSeconds() + " seconds");
        }
        sources.put(field, user.file().toString());
        return wanted;
    }

    /** A user's target entry names a managed target by id and may drop scopes; nothing else. */
    private static List<TaskTarget> narrowTargets(ChaperoneConfig managed, Parsed user) throws ConfigException {
        List<TaskTarget> kept = new ArrayList<>();
        for (int i = 0; i < user.content().targets().size(); i++) {
            ConfigFile.Target t = user.content().targets().get(i);
            String at = "targets[" + i + "]";
            TaskTarget m = t.id() == null ? null : managed.target(t.id()).orElse(null);
            if (m == null) {
                throw user.problem(at + ".id", "IT's configuration has no target \"" + t.id() + "\"; a user file can only keep or narrow IT's targets");
            }
            refuse(user, at + ".origins", t.origins());
            refuse(user, at + ".audience", t.audience());
            refuse(user, at + ".resource", t.resource());
            refuse(user, at + ".sensitivity", t.sensitivity());
            refuse(user, at + ".startWithoutAsking", t.startWithoutAsking());
            Set<String> read = t.readScopes() == null ? m.readScopes() : subset(user, at + ".readScopes", t.readScopes(), m.readScopes());
            if (read.isEmpty()) {
                throw user.problem(at + ".readScopes", "keep at least one scope that reads, or leave the target out");
            }
            Set<String> write = t.writeScopes() == null ? m.writeScopes() : subset(user, at + ".writeScopes", t.writeScopes(), m.writeScopes());
            kept.add(new TaskTarget(m.id(), t.title() == null ? m.title() : t.title(), m.origins(), m.audience(),
                    m.resource(), read, write, m.sensitivity(), m.startsWithoutAsking()));
        }
        return kept;
    }

    private static Set<String> subset(Parsed user, String field, List<String> wanted, Set<String> allowed) throws ConfigException {
        Set<String> extra = new HashSet<>(wanted);
        extra.removeAll(allowed);
        if (!extra.isEmpty()) {
            throw user.problem(field, "IT's configuration does not allow " + extra + "; a user file may only remove entries");
        }
        return Set.copyOf(wanted);
    }

    private static void refuse(Parsed user, String field, Object value) throws ConfigException {
        if (value != null) {
            throw user.problem(field, "is managed by IT's configuration and cannot be changed in a user file");
        }
    }
}
