package dev.chaperone.core.gate.steps;

import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the person allowed for a while in this session ("saving files from this site for 10
 * minutes"): the same kind of action on the same site. Only actions the policy offers a standing
 * grant for are ever looked up here. Held by the session's gate, so a grant never outlives the task.
 */
final class StandingGrants {
    /** A grant covers actions of the same kind on the same site. */
    record Scope(ActionKind kind, String site) {
        static Scope of(AssistantAction action) {
            String site = action.origin().map(Object::toString)
                    .orElse(action.url().startsWith("blob:") ? "blob:" + Scope.blobOrigin(action.url()) : action.url());
            return new Scope(action.kind(), site);
        }

        private static String blobOrigin(String url) {
            return dev.chaperone.core.identity.Origin.of(url.substring("blob:".length())).map(Object::toString).orElse("");
        }

        /** In words for the person: "saving files from http://portal:8081". */
        String describe() {
            String what = switch (kind) {
                case DOWNLOAD -> "saving files from ";
                case CLICK -> "such clicks on ";
                case NAVIGATE, REQUEST -> "changes to ";
                default -> kind.name().toLowerCase(java.util.Locale.ROOT) + " on ";
            };
            return what + site.replaceFirst("^blob:", "");
        }
    }

    private final Map<Scope, Instant> until = new ConcurrentHashMap<>();
    private final Clock clock;

    StandingGrants(Clock clock) {
        this.clock = clock;
    }

    void grant(Scope scope, java.time.Duration forAWhile) {
        until.put(scope, clock.instant().plus(forAWhile));
    }

    /** The grant's end, if one covers the scope now. */
    Optional<Instant> covering(Scope scope) {
        Instant end = until.get(scope);
        return end != null && clock.instant().isBefore(end) ? Optional.of(end) : Optional.empty();
    }
}
