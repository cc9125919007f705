package dev.chaperone.app.ui;

import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.identity.Origin;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One approval question in plain words: what the assistant wants, where, for whom. Answers once;
 * closing the window or running out of time counts as deny.
 */
public final class ApprovalPromptViewModel {
    /**
     * Allow stays disabled this long after the prompt appears, so a click meant for the page
     * (or a double click) cannot land on it by accident. Deny is always available.
     */
    public static final Duration ALLOW_ARMING_DELAY = Duration.ofMillis(800);

    private final ApprovalRequest request;
    private final Instant shownAt;
    private volatile Instant armFrom;
    private volatile Instant lastTick;
    private final List<ApprovalRequest> batch = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final javafx.beans.property.BooleanProperty allowArmed = new javafx.beans.property.SimpleBooleanProperty(false);
    private final Instant deadline;
    private final CompletableFuture<ApprovalPrompt.Choice> choice = new CompletableFuture<>();
    private final StringProperty remaining = new SimpleStringProperty("");
    private final java.util.Optional<String> pageMark;

    public ApprovalPromptViewModel(ApprovalRequest request, Instant shownAt) {
        this(request, shownAt, java.util.Optional.empty());
    }

    /** @param pageMark the shown page's own word for its data's sensitivity, when it gave one */
    public ApprovalPromptViewModel(ApprovalRequest request, Instant shownAt, java.util.Optional<String> pageMark) {
        this.pageMark = pageMark;
        this.request = request;
        this.shownAt = shownAt;
        this.armFrom = shownAt;
        this.batch.add(request);
        this.deadline = shownAt.plus(request.timeout());
        tick(shownAt);
    }

    /** How soon after a question another like it joins it, instead of opening a window of its own. */
    public static final Duration BATCH_WINDOW = Duration.ofSeconds(3);

    /**
     * Joins a question that came in a burst with this one (same kind, same site, same session, same
     * offer, within {@link #BATCH_WINDOW} of it): one answer then covers all, each listed. Allow is
     * armed again, so nobody approves an item they have not had the time to see.
     */
    public synchronized boolean tryJoin(ApprovalRequest other, Instant now) {
        if (isAnswered() || now.isAfter(shownAt.plus(BATCH_WINDOW)) || other.action().kind() != request.action().kind()
                || !where(other).equals(where()) || !other.standingOffer().equals(request.standingOffer())
                || !other.attribution().sessionId().equals(request.attribution().sessionId())) {
            return false;
        }
        batch.add(other);
        armFrom = now;
        return true;
    }

    /** The questions this prompt answers: the first, and any that joined it. */
    public List<ApprovalRequest> batch() {
        return List.copyOf(batch);
    }

    public String title() {
        return batch.size() == 1 ? title(request) : title(request) + " (" + batch.size() + " at once)";
    }

    private static String title(ApprovalRequest request) {
        return switch (request.action().kind()) {
            // The person's own click in the assistant's window can set off a download or a write too:
            // it still waits, but the question is not put as the assistant's.
            case DOWNLOAD -> byPerson(request) ? "Save this file from the assistant's browser?" : "Allow the assistant to save a file?";
            case NAVIGATE, REQUEST -> byPerson(request) ? "Send this change from the assistant's browser?" : "Allow the assistant to change data?";
            case CLICK -> "Allow the assistant to click this?";
            case TOOL_CALL -> request.action().initiator().tool().equals("chaperone_start_task")
                    ? "Let your assistant start a task?" : "Allow the assistant to continue?";
            case CONNECT -> "Allow the assistant's browser to connect to this site?";
        };
    }

    private static boolean byPerson(ApprovalRequest request) {
        return request.action().initiator().kind() == dev.chaperone.core.gate.Initiator.Kind.PERSON;
    }

    public String what() {
        if (batch.size() == 1) {
            return what(request);
        }
        StringBuilder all = new StringBuilder();
        for (ApprovalRequest each : batch) {
            all.append(all.length() == 0 ? "" : "\n").append("• ").append(what(each).replace("\n", "\n   "));
        }
        return all.toString();
    }

    /** What one question asks, in the prompt's words. */
    static String what(ApprovalRequest request) {
        String label = request.action().label().isBlank() ? request.action().url() : request.action().label();
        return switch (request.action().kind()) {
            case DOWNLOAD -> "Save the file \"" + label + "\" to your computer";
            case CLICK -> "Click " + label + " on the page";
            case TOOL_CALL -> label;
            // A held write's label says what it would send (fields, size, fingerprint) and what was clicked.
            default -> "Send a " + request.action().method() + " request to " + request.action().url()
                    + (request.action().label().isBlank() ? "" : "\nWith: " + request.action().label());
        };
    }

    public String where() {
        return where(request);
    }

    private static String where(ApprovalRequest request) {
        return Origin.of(request.action().url()).map(Origin::toString).orElse(request.action().url());
    }

    /**
     * How sensitive the data is, when the action is on the task's sites: IT's word for them,
     * raised by the page's own mark when that is higher (a page never lowers it).
     */
    public java.util.Optional<String> dataSensitivity() {
        dev.chaperone.core.session.Task task = request.attribution().task();
        boolean onTaskSites = Origin.of(request.action().url()).filter(task::reaches).isPresent()
                || request.action().url().startsWith("blob:" + task.allowedOrigin());
        if (!onTaskSites) {
            return java.util.Optional.empty();
        }
        String its = task.sensitivity();
        String raised = dev.chaperone.core.session.DataSensitivity.raise(its, pageMark);
        boolean itSaid = !its.equals(dev.chaperone.core.session.Task.UNKNOWN_SENSITIVITY);
        if (!raised.equals(its)) {
            return java.util.Optional.of("marked " + raised + " by the page" + (itSaid ? " (" + its + " by your organisation)" : ""));
        }
        return itSaid ? java.util.Optional.of("marked " + its + " by your organisation") : java.util.Optional.empty();
    }

    public String forWhom() {
        return request.attribution().human().displayName() + ", for the task \"" + request.attribution().task().title()
                + "\" (assistant " + request.attribution().assistant().clientId() + ")";
    }

    public String why() {
        return request.reason();
    }

    /** Ignored until the prompt (or the newest item that joined it) has been on screen for {@link #ALLOW_ARMING_DELAY}. */
    public void allow() {
        if (armed()) {
            choice.complete(ApprovalPrompt.Choice.ALLOW_ONCE);
        }
    }

    /** Allow this kind of action on this site for the while the policy offers; ignored like {@link #allow} until armed, and when none is offered. */
    public void allowForAWhile() {
        if (armed() && request.standingOffer().isPresent()) {
            choice.complete(ApprovalPrompt.Choice.ALLOW_FOR_A_WHILE);
        }
    }

    /** The words of the standing-grant button ("Allow from this site for 10 min"), when the policy offers one. */
    public java.util.Optional<String> forAWhileLabel() {
        return request.standingOffer().map(d -> d.toMinutes() >= 1 ? "Allow from this site for " + d.toMinutes() + " min"
                : "Allow from this site for " + d.toSeconds() + " s");
    }

    public void deny() {
        choice.complete(ApprovalPrompt.Choice.DENY);
    }

    /** True for any allow. */
    public CompletableFuture<Boolean> answer() {
        return choice.thenApply(c -> c != ApprovalPrompt.Choice.DENY);
    }

    public CompletableFuture<ApprovalPrompt.Choice> choice() {
        return choice;
    }

    public boolean isAnswered() {
        return choice.isDone();
    }

    public ApprovalRequest request() {
        return request;
    }

    public void tick(Instant now) {
        Duration left = Duration.between(now, deadline);
        long seconds = Math.max(0, (left.toMillis() + 999) / 1000);
        remaining.set("If you do nothing, this is denied in " + seconds + " s.");
        lastTick = now;
        allowArmed.set(!now.isBefore(armFrom.plus(ALLOW_ARMING_DELAY)));
    }

    /**
     * Armed once the newest item has been on screen long enough, as the latest tick saw it: an item
     * that joined since the tick disarms at once, before the button shows it.
     */
    private boolean armed() {
        return allowArmed.get() && !lastTick.isBefore(armFrom.plus(ALLOW_ARMING_DELAY));
    }

    public javafx.beans.property.ReadOnlyBooleanProperty allowArmedProperty() {
        return allowArmed;
    }

    public ReadOnlyStringProperty remainingProperty() {
        return remaining;
    }
}
