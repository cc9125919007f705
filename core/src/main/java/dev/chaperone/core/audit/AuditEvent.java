package dev.chaperone.core.audit;

import dev.chaperone.core.gate.ReasonCode;
import dev.chaperone.core.session.EndReason;

import java.util.List;
import java.util.Locale;

/**
 * Every kind of event the audit trail holds, in one place. Each is a plain record of what an
 * investigator needs and nothing secret: token ids, scopes and audiences, never a token, a
 * secret or a password. Who was behind an event is not repeated here; it travels in the
 * {@link AuditEntry} around it.
 *
 * <p>Names are stable: the stored type of an event is its class name in upper snake case
 * ({@code SessionStarted} is {@code SESSION_STARTED}); exports and SIEM rules key on it.
 */
public sealed interface AuditEvent {

    /** The stable name stored with the event, such as {@code TOKEN_ISSUED}. */
    default String type() {
        return typeOf(getClass());
    }

    static String typeOf(Class<?> eventClass) {
        return eventClass.getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    // --- the workstation and its configuration ---

    /** @param mode {@code embedded} or {@code broker}; @param issuer the broker's issuer, or {@code embedded} */
    record ConfigurationLoaded(String mode, String issuer) implements AuditEvent {}

    record ConfigurationRefused(String reason) implements AuditEvent {}

    /** @param policy the policy's name; @param source where it came from (a file, or built in) */
    record PolicyLoaded(String policy, String source) implements AuditEvent {}

    /** @param method how they signed in: {@code device-code}, {@code browser} or {@code embedded} */
    record HumanSignedIn(String subject, String name, String issuer, String method) implements AuditEvent {}

    // --- a session's life ---

    /**
     * @param engine      which Chromium runs the session and when it was released, e.g. "Chromium 146.0.7680.179, released 2026-05-05"
     * @param containment how its processes are held, e.g. "contained (bubblewrap, chromium-sandbox): …" or
     *                    "NOT contained (allowed by IT): …"; rows written before these existed have neither
     */
    record SessionStarted(String site, String taskTitle, String intent, boolean keyBound, String engine,
                          String containment) implements AuditEvent {}

    record SessionRefused(String reason) implements AuditEvent {}

    /**
     * The person left the desk as a platform source saw it (lock, screen saver, user switch,
     * sleep, logout, idle); the session's end follows.
     *
     * @param source who said so, e.g. "logind" or "X11 idle (:99)"
     * @param detail what it saw, e.g. "LockedHint=true"
     */
    record PersonLeft(EndReason reason, String source, String detail) implements AuditEvent {}

    /**
     * At start: which sources tell Chaperone that the person left, which could not be reached and
     * why, and the idle timeout in force (halved when no source sees screen locks).
     */
    record LeavingWatched(List<String> watching, List<String> unavailable, boolean seesLocks, long idleTimeoutSeconds)
            implements AuditEvent {
        public LeavingWatched {
            watching = List.copyOf(watching);
            unavailable = List.copyOf(unavailable);
        }
    }

    /** The first step of ending: questions still open at the prompt are denied and their windows closed. */
    record OpenQuestionsDenied(long count) implements AuditEvent {}

    record SessionEnding(EndReason reason) implements AuditEvent {}

    record BrowserClosed(boolean chromiumStopped) implements AuditEvent {}

    record ProfileWiped(String dir, long files, long bytes) implements AuditEvent {}

    record TeardownStepFailed(String step, String error) implements AuditEvent {}

    record SessionEnded(EndReason reason, boolean allStepsSucceeded, long millis) implements AuditEvent {}

    /** A session killed before it could end left this directory; the next start wiped it. */
    record LeftoversWiped(String dir, long files) implements AuditEvent {}

    /** Chaperone's own files that other local users could read were made owner-only at start. */
    record FilesMadePrivate(List<String> paths) implements AuditEvent {
        public FilesMadePrivate {
            paths = List.copyOf(paths);
        }
    }

    // --- the assistant's access ---

    record TokenIssued(TokenFacts token) implements AuditEvent {}

    record TokenRenewed(TokenFacts token) implements AuditEvent {}

    /**
     * A token minted for one approved write (the task's write scopes only), before that request
     * is sent; its {@link TokenRevoked} follows once the server answered.
     */
    record WriteTokenIssued(TokenFacts token, String method, String url) implements AuditEvent {}

    record TokenRenewalFailed(String error) implements AuditEvent {}

    /** @param tokenId {@code none} when the session ended before a token was obtained */
    record TokenRevoked(String tokenId, String note) implements AuditEvent {}

    /** A token a killed session left live, revoked (or not, and why) at the next start. */
    record LeftoverTokenRevoked(String session, String issuer, String outcome) implements AuditEvent {}

    // --- what the assistant did, and who decided ---

    /** One action through the gate: what, how it got there, and the decision. */
    record ActionDecided(ActionFacts action, DecisionFacts decision, ExecutionPath path) implements AuditEvent {}

    /**
     * Denied requests of one kind from one site, counted over a window instead of one row each,
     * so a page cannot flood the store. The first denial of a window is also recorded on its own.
     */
    record DeniedRequestsAggregated(String origin, ReasonCode code, long count, long windowMillis)
            implements AuditEvent {}

    record PromptShown(ActionFacts action, String question, long timeoutSeconds) implements AuditEvent {}

    /** @param approver who answered at the desktop prompt (the signed-in person) */
    /**
     * The person allowed a kind of action on a site for a while, for this task only: until then
     * such actions go ahead without asking (each still audited as covered by this grant).
     */
    record StandingGrantGiven(ActionFacts action, String covers, long seconds) implements AuditEvent {}

    record PromptAnswered(ActionFacts action, boolean allowed, String approver, long responseMillis)
            implements AuditEvent {}

    record PromptTimedOut(ActionFacts action, long timeoutSeconds) implements AuditEvent {}

    /** The question was taken back before anyone answered (the session ended): a deny. */
    record PromptCancelled(ActionFacts action) implements AuditEvent {}

    record DownloadCompleted(String file, String url, long bytes) implements AuditEvent {}

    record DownloadCancelled(String file, String url, String reason) implements AuditEvent {}

    /** A request to Chaperone's MCP server refused before MCP saw it (no pairing secret, foreign Origin or Host). */
    record McpRequestRefused(String reason) implements AuditEvent {}

    // --- the audit store itself ---

    /**
     * A signed statement that the first {@code events} rows end in {@code headHash}: truncating or
     * rewriting the log before it is detected by {@code chaperone audit verify}.
     *
     * @param signature a compact JWS (ES256) over the count and head hash, by the install's audit key
     */
    record AuditCheckpointed(long events, String headHash, String signature) implements AuditEvent {}

    /**
     * Entries that could not be written when the store failed were kept in a side file and are now
     * in the chain, just before this row (their own times are when they happened).
     */
    record AuditEntriesRecovered(long count, String from) implements AuditEvent {}

    /** Old rows moved into a signed archive file, as the managed retention asks. */
    record AuditArchived(String file, long firstSeq, long lastSeq) implements AuditEvent {}
}
