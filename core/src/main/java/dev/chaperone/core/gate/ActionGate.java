package dev.chaperone.core.gate;

import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.concurrent.DaemonThreads;
import dev.chaperone.core.gate.steps.ApprovalStep;
import dev.chaperone.core.gate.steps.AuditStep;
import dev.chaperone.core.gate.steps.PolicyStep;
import dev.chaperone.core.gate.steps.SessionOpenStep;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.SessionState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one gate every assistant action passes: navigations, requests, downloads, clicks and tool
 * calls. There is no other path to "allowed".
 */
public final class ActionGate implements AutoCloseable {
    private final List<GateStep> steps;
    private final List<String> stepNames;
    private final Attribution attribution;
    private final PendingApprovals pending;
    // Decisions that may wait for a person run here, never on a browser or UI thread; several at
    // once, so a question the person leaves open does not hold up the next (each is its own prompt).
    private final ExecutorService waitingDecisions = Executors.newCachedThreadPool(
            DaemonThreads.named("chaperone-gate"));
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    public ActionGate(List<GateStep> steps, Attribution attribution) {
        this(steps, attribution, new PendingApprovals(java.time.Clock.systemDefaultZone(), event -> { }));
    }

    /** @param pending where the approval step keeps unanswered questions (shared with it) */
    private ActionGate(List<GateStep> steps, Attribution attribution, PendingApprovals pending) {
        this.pending = pending;
        this.steps = List.copyOf(steps);
        // Named once: the path of every decision lists them, and a sub-resource request is decided in microseconds.
        this.stepNames = this.steps.stream().map(GateStep::name).toList();
        this.attribution = attribution;
    }

    /** The pipeline, in order, top to bottom. */
    public static ActionGate standard(AuditTrail audit, SessionState session, Policy policy, ApprovalPrompt prompt,
                                      Duration promptTimeout) {
        Attribution attribution = audit.attribution()
                .orElseThrow(() -> new IllegalArgumentException("a gate decides for one session's trail"));
        PendingApprovals pending = new PendingApprovals(java.time.Clock.systemDefaultZone(), audit::recordOrReport);
        return new ActionGate(List.of(
                new AuditStep(audit),
                new SessionOpenStep(session),
                new PolicyStep(policy),
                new ApprovalStep(prompt, promptTimeout, audit, pending)), attribution, pending);
    }

    /** Questions of this session nobody answered in time, which the person can still approve. */
    public PendingApprovals pending() {
        return pending;
    }

    /** Whose actions this gate decides: the session's human, assistant and task. */
    public Attribution attribution() {
        return attribution;
    }

    /** Decides on the calling thread. Use for callers that cannot wait: "ask" ends as deny. */
    public Decision decideNow(AssistantAction action) {
        return decide(action, Interaction.CANNOT_WAIT);
    }

    /** Decides on the gate's own thread, waiting for a person if the policy asks for one. */
    public CompletableFuture<Decision> decideWaiting(AssistantAction action) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                waiting.incrementAndGet();
                try {
                    return decide(action, Interaction.CAN_WAIT_FOR_HUMAN);
                } finally {
                    waiting.decrementAndGet();
                }
            }, waitingDecisions);
        } catch (java.util.concurrent.RejectedExecutionException ending) {
            // The session is ending (its questions were denied): decided here, where nothing waits.
            return CompletableFuture.completedFuture(decide(action, Interaction.CANNOT_WAIT));
        }
    }

    /**
     * Ending's first step: every decision still waiting for the person is denied (its prompt
     * window taken away) and nothing pending can be approved any more. Waits briefly for those
     * denials to be recorded, so the audit shows them before the token's revocation.
     *
     * @return how many questions were open or pending
     */
    public long denyOpenQuestions() {
        long open = waiting.get();
        waitingDecisions.shutdownNow();
        try {
            waitingDecisions.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return open + pending.clear();
    }

    Decision decide(AssistantAction action, Interaction interaction) {
        try {
            return new RealChain(0, action, interaction, "", java.util.Optional.empty(), new ArrayList<>()).proceed();
        } catch (RuntimeException e) {
            // Only reached if the outermost (audit) step itself failed: nothing can record it.
            return Decision.deny(DecidedBy.GATE, ReasonCode.SAFETY_CHECK_FAILED,
                    "Blocked because the safety check failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        waitingDecisions.shutdownNow();
        for (GateStep step : steps) {
            if (step instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("chaperone: could not close gate step " + step.name() + ": " + e.getMessage());
                }
            }
        }
    }

    private final class RealChain implements GateStep.Chain {
        private final int index;
        private final AssistantAction action;
        private final Interaction interaction;
        private final String askReason;
        private final java.util.Optional<java.time.Duration> standingOffer;
        private final List<String> path;

        RealChain(int index, AssistantAction action, Interaction interaction, String askReason,
                  java.util.Optional<java.time.Duration> standingOffer, List<String> path) {
            this.index = index;
            this.action = action;
            this.interaction = interaction;
            this.askReason = askReason;
            this.standingOffer = standingOffer;
            this.path = path;
        }

        @Override
        public java.util.Optional<java.time.Duration> standingOffer() {
            return standingOffer;
        }

        @Override
        public List<String> path() {
            return Collections.unmodifiableList(path);
        }

        @Override
        public AssistantAction action() {
            return action;
        }

        @Override
        public Attribution attribution() {
            return attribution;
        }

        @Override
        public Interaction interaction() {
            return interaction;
        }

        @Override
        public String askReason() {
            return askReason;
        }

        @Override
        public Decision proceed() {
            return proceedAsking(askReason, standingOffer);
        }

        @Override
        public Decision proceedAsking(String reason, java.util.Optional<java.time.Duration> offer) {
            if (index >= steps.size()) {
                path.add("end: no rule allowed it");
                return Decision.deny(DecidedBy.GATE, ReasonCode.NO_RULE_ALLOWED, "No rule allowed this action.");
            }
            GateStep step = steps.get(index);
            String name = stepNames.get(index);
            int at = path.size();
            path.add(name);
            Decision decision = step.intercept(new RealChain(index + 1, action, interaction, reason, offer, path));
            if (decision == null) {
                throw new IllegalStateException(step.getClass().getSimpleName() + " returned no decision");
            }
            if (path.size() == at + 1) {
                // Nothing deeper ran: this step answered.
                path.set(at, name + ": " + decision.outcome() + " " + decision.code());
            }
            return decision;
        }
    }
}
