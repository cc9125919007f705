package dev.chaperone.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.Effect;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.DecidedBy;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.gate.Policy;
import dev.chaperone.core.gate.ReasonCode;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.DataSensitivity;
import dev.chaperone.core.session.Task;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The policy as Cedar rules (the built-in default, or IT's file, narrowed by the user's). Each
 * action is one Cedar request: principal {@code Assistant::"<client>"}, action
 * {@code Action::"navigate|request|download|click|tool_call|connect"}, resource
 * {@code Site::"<origin>"}, and a context with the facts a rule may test (see {@link #context}).
 * Cedar answers allow or deny; a satisfied permit marked {@code @decision("ask")} turns an allow
 * into "ask the person", and the deciding rule's {@code @reason} and {@code @code} say why.
 * Anything Cedar cannot evaluate is a deny (fail closed).
 */
public final class CedarPolicy implements Policy {
    private static final EntityTypeName ASSISTANT = EntityTypeName.parse("Assistant").orElseThrow();
    private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();
    private static final EntityTypeName SITE = EntityTypeName.parse("Site").orElseThrow();

    /**
     * What surrounds an action: the desk (a lock seen, the seconds without input) and the shown
     * page's own word for its data's sensitivity, if it gave one.
     */
    public record Environment(boolean locked, long idleSeconds, Optional<String> pageSensitivity) {
        public static final Environment UNKNOWN = new Environment(false, 0);

        public Environment(boolean locked, long idleSeconds) {
            this(locked, idleSeconds, Optional.empty());
        }
    }

    private final PolicyFile file;
    private final PolicySet rules;
    private final Map<String, Rule> byId;
    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final Supplier<Environment> environment;
    private final Clock clock;
    private final Sensitivity sensitivity;

    /** One parsed rule's annotations. */
    record Rule(String id, int order, Effect effect, boolean asks, Optional<java.time.Duration> standing,
                Optional<ReasonCode> code, String reason) {}

    CedarPolicy(PolicyFile file, PolicySet rules, Map<String, Rule> byId, Supplier<Environment> environment, Clock clock,
                Sensitivity sensitivity) {
        this.file = file;
        this.rules = rules;
        this.byId = byId;
        this.environment = environment;
        this.clock = clock;
        this.sensitivity = sensitivity;
    }

    /** Where the rules came from, for the audit and {@code chaperone policy test}. */
    public PolicyFile source() {
        return file;
    }

    public CedarPolicy withEnvironment(Supplier<Environment> environment) {
        return new CedarPolicy(file, rules, byId, environment, clock, sensitivity);
    }

    @Override
    public Decision evaluate(AssistantAction action, Task task) {
        return decide(action, context(action, task, Optional.empty()));
    }

    @Override
    public Decision evaluate(AssistantAction action, Attribution who) {
        return decide(action, context(action, who.task(), Optional.of(who)));
    }

    private Decision decide(AssistantAction action, Map<String, Value> context) {
        AuthorizationResponse response;
        try {
            response = engine.isAuthorized(new AuthorizationRequest(
                    ASSISTANT.of("assistant"), ACTION.of(action.kind().name().toLowerCase(Locale.ROOT)),
                    SITE.of(action.origin().map(Origin::toString).orElse(scheme(action.url()) + ":")),
                    context), rules, Set.of());
        } catch (AuthException e) {
            return Decision.deny(DecidedBy.POLICY, ReasonCode.SAFETY_CHECK_FAILED, "The policy could not decide: " + e.getMessage());
        }
        if (response.success.isEmpty()) {
            return Decision.deny(DecidedBy.POLICY, ReasonCode.SAFETY_CHECK_FAILED, "The policy could not decide: " + response);
        }
        List<Rule> deciding = response.success.get().getReason().stream().map(byId::get).filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparingInt(Rule::order)).toList();
        if (!response.success.get().isAllowed()) {
            return deciding.stream().filter(r -> r.effect() == Effect.FORBID).findFirst()
                    .map(r -> Decision.deny(DecidedBy.POLICY, r.code().orElse(ReasonCode.POLICY_RULE), text(r, action)))
                    .orElse(Decision.deny(DecidedBy.POLICY, ReasonCode.NO_RULE_ALLOWED, "No rule of the policy allows this."));
        }
        Optional<Rule> asking = deciding.stream().filter(Rule::asks).findFirst();
        if (asking.isPresent()) {
            Rule rule = asking.get();
            ReasonCode code = rule.code().orElse(ReasonCode.POLICY_RULE);
            return rule.standing().map(d -> Decision.askOffering(code, text(rule, action), d))
                    .orElseGet(() -> Decision.ask(code, text(rule, action)));
        }
        Rule allowing = deciding.get(0);
        return Decision.allow(DecidedBy.POLICY, allowing.code().orElse(ReasonCode.POLICY_RULE), text(allowing, action));
    }

    /**
     * The facts a rule may test. Every key is always present, so a rule never fails on a missing
     * attribute: kind, method, url, scheme, path, label, labelWords, tool, initiator (browser, tool,
     * person), safeMethod, web, taskSite, reachable, helperSite, serviceWorker, sensitivity, pageSensitivity,
     * task (id, title, intent, origins, scopes, writeScopes, secondsLeft), human (subject, name, groups), assistant
     * (id), hour, weekday, locked, idleSeconds.
     */
    Map<String, Value> context(AssistantAction action, Task task) {
        return context(action, task, Optional.empty());
    }

    /**
     * With {@code who}: also {@code human} (subject, name, groups), {@code assistant} (id) and the
     * task's intent; without (a policy test), those are empty.
     */
    Map<String, Value> context(AssistantAction action, Task task, Optional<Attribution> who) {
        Optional<Origin> origin = action.origin();
        Map<String, Value> c = new HashMap<>();
        c.put("kind", new PrimString(action.kind().name().toLowerCase(Locale.ROOT)));
        c.put("method", new PrimString(action.method()));
        c.put("url", new PrimString(action.url()));
        c.put("scheme", new PrimString(scheme(action.url())));
        c.put("path", new PrimString(path(action.url())));
        c.put("label", new PrimString(action.label()));
        c.put("labelWords", words(action.label()));
        c.put("tool", new PrimString(action.initiator().tool()));
        c.put("initiator", new PrimString(switch (action.initiator().kind()) {
            case ASSISTANT_BROWSER -> "browser";
            case ASSISTANT_TOOL -> "tool";
            case PERSON -> "person";
        }));
        c.put("safeMethod", new PrimBool(action.isSafeMethod()));
        c.put("web", new PrimBool(origin.isPresent()));
        boolean reachable = origin.map(o -> action.kind() == dev.chaperone.core.gate.ActionKind.CONNECT
                ? task.reachesHostAndPort(o.host(), o.port()) : task.reaches(o)).orElse(false);
        c.put("taskSite", new PrimBool(origin.filter(task.allowedOrigin()::equals).isPresent()));
        c.put("reachable", new PrimBool(reachable));
        c.put("helperSite", new PrimBool(origin.filter(task.readOnlyOrigins()::contains).isPresent()));
        c.put("serviceWorker", new PrimBool(action.label().equals(AssistantAction.SERVICE_WORKER)));
        // IT's rule for the address if one matches, else what IT says of the task's target (for its
        // sites only); on those sites the shown page's own mark may raise it, never lower it.
        Environment env = environment.get();
        String marked = sensitivity.of(action.url());
        String its = !marked.equals(Task.UNKNOWN_SENSITIVITY) || !reachable ? marked : task.sensitivity();
        c.put("sensitivity", new PrimString(reachable ? DataSensitivity.raise(its, env.pageSensitivity()) : its));
        c.put("pageSensitivity", new PrimString(env.pageSensitivity().orElse(Task.UNKNOWN_SENSITIVITY)));
        Map<String, Value> t = new HashMap<>();
        t.put("id", new PrimString(task.id()));
        t.put("title", new PrimString(task.title()));
        t.put("scopes", strings(task.scopes().stream().sorted().toList()));
        t.put("writeScopes", strings(task.writeScopes().stream().sorted().toList()));
        t.put("origins", strings(task.origins().stream().map(Origin::toString).toList()));
        t.put("intent", new PrimString(who.map(Attribution::intent).orElse("")));
        // Seconds until the task's own time limit (an assistant asked for so many minutes); -1 without one.
        t.put("secondsLeft", new PrimLong(task.endsAt().map(end -> Math.max(0, java.time.Duration.between(clock.instant(), end)
                .toSeconds())).orElse(-1L)));
        c.put("task", new CedarMap(t));
        Map<String, Value> human = new HashMap<>();
        human.put("subject", new PrimString(who.map(w -> w.human().subject()).orElse("")));
        human.put("name", new PrimString(who.map(w -> w.human().displayName()).orElse("")));
        human.put("groups", strings(who.map(w -> w.human().groups()).orElse(List.of())));
        c.put("human", new CedarMap(human));
        c.put("assistant", new CedarMap(new HashMap<>(Map.of("id", new PrimString(who.map(w -> w.assistant().clientId())
                .orElse(""))))));
        ZonedDateTime now = ZonedDateTime.now(clock);
        c.put("hour", new PrimLong(now.getHour()));
        c.put("weekday", new PrimLong(now.getDayOfWeek().getValue()));
        c.put("locked", new PrimBool(env.locked()));
        c.put("idleSeconds", new PrimLong(env.idleSeconds()));
        return c;
    }

    private static CedarList strings(List<String> values) {
        return new CedarList(values.stream().map(v -> (Value) new PrimString(v)).toList());
    }

    private static CedarList words(String label) {
        Set<String> words = new HashSet<>(Arrays.asList(label.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")));
        words.remove("");
        return strings(words.stream().sorted().toList());
    }

    private static String text(Rule rule, AssistantAction action) {
        return rule.reason().replace("{origin}", action.origin().map(Origin::toString).orElse(action.url()))
                .replace("{label}", action.label()).replace("{scheme}", scheme(action.url()));
    }

    static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon > 0 ? url.substring(0, colon).toLowerCase(Locale.ROOT) : "unknown";
    }

    private static String path(String url) {
        try {
            String p = java.net.URI.create(url).getRawPath();
            return p == null ? "" : p;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
