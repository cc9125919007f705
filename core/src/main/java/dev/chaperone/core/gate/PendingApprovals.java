package dev.chaperone.core.gate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Questions nobody answered in time. Silence is a deny, but the question is not lost: it stays
 * here, visible to the person, who can still approve it. An approval lets exactly that action
 * (kind, method, address and what it names or sends) through once, when the assistant tries it
 * again within {@link #APPROVAL_LIFETIME}. Held by one session's gate: it ends with the task.
 */
public final class PendingApprovals {
    /** How long a late approval waits for the assistant to try again. */
    public static final Duration APPROVAL_LIFETIME = Duration.ofMinutes(10);

    /** A question that timed out, as the person saw it. */
    public record Pending(String id, ApprovalRequest request, Instant timedOutAt) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> approved = new ConcurrentHashMap<>();
    private final List<Consumer<List<Pending>>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final Consumer<dev.chaperone.core.audit.AuditEvent> audit;

    /** @param audit takes the late answer, recorded like any answer to a prompt */
    public PendingApprovals(Clock clock, Consumer<dev.chaperone.core.audit.AuditEvent> audit) {
        this.clock = clock;
        this.audit = audit;
    }

    /** Told the list whenever it changes (on the thread that changed it). */
    public void onChange(Consumer<List<Pending>> listener) {
        listeners.add(listener);
        listener.accept(list());
    }

    public List<Pending> list() {
        return pending.values().stream().sorted(Comparator.comparing(Pending::timedOutAt)).toList();
    }

    /** The approval step files a question that timed out. */
    public void timedOut(ApprovalRequest request) {
        String key = key(request.action());
        pending.put(key, new Pending(key, request, clock.instant()));
        changed();
    }

    /** The person approves a pending question: the assistant's next identical try goes through, once. */
    public Optional<Pending> approve(String id) {
        Pending p = pending.remove(id);
        if (p != null) {
            approved.put(id, clock.instant().plus(APPROVAL_LIFETIME));
            audit.accept(new dev.chaperone.core.audit.AuditEvent.PromptAnswered(
                    dev.chaperone.core.audit.ActionFacts.of(p.request().action()), true,
                    p.request().attribution().human().subject(), Duration.between(p.timedOutAt(), clock.instant()).toMillis()));
            changed();
        }
        return Optional.ofNullable(p);
    }

    /** The person lets it go: it stays denied. */
    public void dismiss(String id) {
        if (pending.remove(id) != null) {
            changed();
        }
    }

    /** Whether this action was approved late; using the approval ends it. */
    public boolean takeApproval(AssistantAction action) {
        Instant until = approved.remove(key(action));
        return until != null && clock.instant().isBefore(until);
    }

    /** The session ends: nothing pending can be approved any more. Returns how many questions were dropped. */
    public int clear() {
        int dropped = pending.size() + approved.size();
        pending.clear();
        approved.clear();
        changed();
        return dropped;
    }

    private void changed() {
        List<Pending> now = list();
        listeners.forEach(l -> l.accept(now));
    }

    static String key(AssistantAction action) {
        return action.kind() + " " + action.method() + " " + action.url() + " " + action.label();
    }
}
