package dev.chaperone.app.ui;

import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.TeardownReport;
import java.net.URI;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * State of the main window: who is acting for whom, on which task, with what access and for how
 * long; and, once it is over, why. Call only on the JavaFX thread; tests drive it directly.
 */
public final class SessionViewModel {
    public enum Phase { STARTING, ACTIVE, REFUSED, ENDED }

    private final ObjectProperty<Phase> phase = new SimpleObjectProperty<>(Phase.STARTING);
    private final StringProperty actingFor = new SimpleStringProperty("Starting the assistant's session…");
    private final StringProperty task = new SimpleStringProperty("");
    private final StringProperty access = new SimpleStringProperty("");
    private final StringProperty countdown = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty idleWarning = new SimpleStringProperty("");
    private final StringProperty bannerWarning = new SimpleStringProperty("");
    private final StringProperty engineWarning = new SimpleStringProperty("");
    private final javafx.collections.ObservableList<PendingQuestion> pending = javafx.collections.FXCollections.observableArrayList();
    // One read-only view for all: it listens to the list weakly, so a view made per call could be
    // collected and take its listeners with it.
    private final javafx.collections.ObservableList<PendingQuestion> pendingView =
            javafx.collections.FXCollections.unmodifiableObservableList(pending);
    private volatile dev.chaperone.core.gate.PendingApprovals approvals;
    private final StringProperty endTitle = new SimpleStringProperty("");
    private final StringProperty endDetails = new SimpleStringProperty("");
    private final BooleanProperty expiringSoon = new SimpleBooleanProperty(false);
    private final StringProperty signInCode = new SimpleStringProperty("");
    private final StringProperty signInPage = new SimpleStringProperty("");
    private final BooleanProperty signingIn = new SimpleBooleanProperty(false);
    private final ObjectProperty<URI> signInUri = new SimpleObjectProperty<>();
    private Instant expiresAt;
    // Who acts for whom, kept apart so the banner can switch the verb when the session ends.
    private String assistantLabel = "";
    private String humanLabel = "";

    public void showStarted(Attribution who, Set<String> scopes, Instant tokenExpiresAt) {
        assistantLabel = "Assistant " + who.assistant().clientId();
        humanLabel = who.human().displayName() + " (" + who.human().subject() + ")";
        actingFor.set(assistantLabel + " is acting for " + humanLabel);
        task.set("Task: " + who.task().title() + " on " + who.task().allowedOrigin());
        // The session's token reads; what the task may change gets a token per change the person allows.
        Set<String> writes = who.task().writeScopes();
        access.set("Access: " + plainScopes(scopes) + (writes.isEmpty() ? "" : "; asks you each time: " + plainScopes(writes)));
        phase.set(Phase.ACTIVE);
        tokenRenewed(tokenExpiresAt);
    }

    /** A fresh token replaced the old one: the countdown starts over. */
    public void tokenRenewed(Instant tokenExpiresAt) {
        expiresAt = tokenExpiresAt;
        tick(Instant.now());
    }

    /**
     * Device sign-in (RFC 8628): where to go and which code to enter, in words the person can
     * follow on their phone or another computer.
     */
    public void showSignIn(URI verificationUri, URI verificationUriComplete, String userCode) {
        signInCode.set(userCode);
        signInPage.set(verificationUri.toString());
        signInUri.set(verificationUriComplete != null ? verificationUriComplete : verificationUri);
        signingIn.set(true);
        actingFor.set("Sign in to start the assistant's session");
    }

    public void clearSignIn() {
        signingIn.set(false);
        signInCode.set("");
        signInPage.set("");
        signInUri.set(null);
    }

    /** True while the window waits for the person to enter the code elsewhere. */
    public ReadOnlyBooleanProperty signingInProperty() {
        return signingIn;
    }

    /** The page to open, as short as the broker gives it, for the person to type on another device. */
    public ReadOnlyStringProperty signInPageProperty() {
        return signInPage;
    }

    public ReadOnlyStringProperty signInCodeProperty() {
        return signInCode;
    }

    /** The page that finishes sign-in, with the code filled in when the broker offers one. */
    public ReadOnlyObjectProperty<URI> signInUriProperty() {
        return signInUri;
    }

    public void showRefused(String reason) {
        phase.set(Phase.REFUSED);
        actingFor.set("The assistant's session did not start");
        endTitle.set("No session: the assistant has no access.");
        endDetails.set(reason + "\n\nNothing was opened. Start Chaperone again once the problem is fixed.");
        countdown.set("");
    }

    public void showEnded(TeardownReport report) {
        // The session's questions ended with it: nothing is left to approve.
        approvals = null;
        pending.clear();
        phase.set(Phase.ENDED);
        countdown.set("");
        idleWarning.set("");
        actingFor.set(assistantLabel.isEmpty() ? "The assistant's session has ended"
                : assistantLabel + " no longer acts for " + humanLabel);
        access.set("Access: none (revoked)");
        endTitle.set("Session ended. " + report.reason().sentence());
        StringBuilder details = new StringBuilder();
        for (TeardownReport.StepResult step : report.steps()) {
            details.append(step.succeeded() ? "✓ " : "✗ ").append(step.name())
                    .append(step.succeeded() ? "" : ": " + step.error()).append('\n');
        }
        details.append("\nThe assistant has no access any more. Start Chaperone again for a new session.");
        endDetails.set(details.toString());
    }

    /** Chaperone runs for an assistant over MCP and no task runs yet: say what will happen. */
    public void showWaitingForTask() {
        phase.set(Phase.ENDED);
        actingFor.set("No task is running");
        task.set("");
        access.set("Access: none");
        countdown.set("");
        endTitle.set("Waiting for your assistant to ask for a task.");
        endDetails.set("When your AI assistant asks to work on a site, Chaperone asks you first. "
                + "Until you allow a task, the assistant has no browser and no access.");
    }

    /** After a task ended over MCP: the assistant may ask for another, which the person is asked about. */
    public void offerNextTask() {
        endDetails.set(endDetails.get().replace("Start Chaperone again for a new session.",
                "Your assistant may ask for a new task; you will be asked first."));
    }

    /** Something was blocked or happened that the person should see. */
    /** A question the person did not answer in time, as the window lists it. */
    public record PendingQuestion(String id, String text) {}

    /**
     * Shows the session's unanswered questions (each can still be approved or let go) and keeps the
     * list current. Any thread; the list changes on the JavaFX thread.
     */
    public void watchPending(dev.chaperone.core.gate.PendingApprovals approvals) {
        this.approvals = approvals;
        approvals.onChange(list -> {
            List<PendingQuestion> now = list.stream().map(p -> new PendingQuestion(p.id(), describe(p.request()))).toList();
            if (javafx.application.Platform.isFxApplicationThread()) {
                pending.setAll(now);
                return;
            }
            try {
                javafx.application.Platform.runLater(() -> pending.setAll(now));
            } catch (IllegalStateException noToolkit) {
                // No JavaFX running (a test of this model alone): no window to keep in step with.
                pending.setAll(now);
            }
        });
    }

    private static String describe(dev.chaperone.core.gate.ApprovalRequest request) {
        return "Not answered in time: " + ApprovalPromptViewModel.what(request).replace('\n', ' ');
    }

    public javafx.collections.ObservableList<PendingQuestion> pendingQuestions() {
        return pendingView;
    }

    /** The person approves a question late: the assistant's next identical try goes through, once. */
    public void approvePending(String id) {
        if (approvals != null) {
            approvals.approve(id);
        }
    }

    public void dismissPending(String id) {
        if (approvals != null) {
            approvals.dismiss(id);
        }
    }

    public void showNotice(String text) {
        notice.set(text);
    }

    /** The person seems away: the session ends in {@code left} unless they move the mouse or type. */
    public void showIdleWarning(Duration left) {
        if (phase.get() != Phase.ACTIVE) {
            return;
        }
        long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
        idleWarning.set("Ending in " + seconds + " s because you seem away. Move the mouse to stay.");
    }

    public void clearIdleWarning() {
        idleWarning.set("");
    }

    /**
     * Chaperone cannot see the screen lock here: said in the banner for as long as the app runs,
     * with the shorter idle timeout it uses instead.
     */
    public void showLockNotWatched(Duration idleTimeout, List<String> unavailable) {
        long seconds = idleTimeout.toSeconds();
        String after = seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
        bannerWarning.set("Screen lock is not detected on this computer: the session ends after " + after
                + " without input. Quit Chaperone when you leave.");
        notice.set("Warning: Chaperone cannot tell when your screen locks (" + String.join("; ", unavailable)
                + "). To stay safe it ends the session after " + after
                + " without keyboard or mouse input. Quit Chaperone when you leave your desk.");
    }

    /**
     * IT's managed file lets the assistant's browser run without a sandbox (kiosks, test machines):
     * said in the banner for as long as the app runs.
     */
    public void showEngineUncontained() {
        engineWarning.set("The assistant's browser runs without its sandbox here (allowed by your IT department): "
                + "a harmful web page could reach files on this computer.");
    }

    public ReadOnlyStringProperty engineWarningProperty() {
        return engineWarning;
    }

    public ReadOnlyStringProperty bannerWarningProperty() {
        return bannerWarning;
    }

    public ReadOnlyStringProperty idleWarningProperty() {
        return idleWarning;
    }

    public void tick(Instant now) {
        if (phase.get() != Phase.ACTIVE || expiresAt == null) {
            return;
        }
        Duration left = Duration.between(now, expiresAt);
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        countdown.set(String.format("Access expires in %d:%02d", left.toMinutes(), left.toSecondsPart()));
        expiringSoon.set(left.compareTo(Duration.ofSeconds(60)) < 0);
    }

    /** Scopes as people read them: "invoices:export" becomes "export invoices". */
    private static String plainScopes(java.util.Collection<String> scopes) {
        return scopes.stream().sorted().map(SessionViewModel::plainScope).collect(Collectors.joining(", "));
    }

    static String plainScope(String scope) {
        int colon = scope.indexOf(':');
        return colon < 0 ? scope : scope.substring(colon + 1) + " " + scope.substring(0, colon);
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase;
    }

    public ReadOnlyStringProperty actingForProperty() {
        return actingFor;
    }

    public ReadOnlyStringProperty taskProperty() {
        return task;
    }

    public ReadOnlyStringProperty accessProperty() {
        return access;
    }

    public ReadOnlyStringProperty countdownProperty() {
        return countdown;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    public ReadOnlyStringProperty endTitleProperty() {
        return endTitle;
    }

    public ReadOnlyStringProperty endDetailsProperty() {
        return endDetails;
    }

    public ReadOnlyBooleanProperty expiringSoonProperty() {
        return expiringSoon;
    }
}
