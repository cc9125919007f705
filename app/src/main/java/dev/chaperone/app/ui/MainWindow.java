package dev.chaperone.app.ui;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;

import java.time.Instant;

/**
 * The main window: the banner (who acts for whom, the task, the access and its countdown), the
 * assistant's browser, and a notice line. A thin view: all state is in {@link SessionViewModel}.
 */
public final class MainWindow {
    private final Stage stage;
    private final SessionViewModel model;
    private final BrowserView browserView;

    public MainWindow(Stage stage, SessionViewModel model, BrowserView browserView) {
        this.stage = stage;
        this.model = model;
        this.browserView = browserView;
        stage.setTitle("Chaperone: the assistant's supervised browser");
        stage.setScene(new Scene(layout(), 1200, 720 + 96));
        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.tick(Instant.now())));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
    }

    private BorderPane layout() {
        Label actingFor = label("banner-acting-for", model.actingForProperty());
        actingFor.setStyle("-fx-font-size: 15px; -fx-font-weight: bold; -fx-text-fill: white;");
        Label task = label("banner-task", model.taskProperty());
        Label access = label("banner-access", model.accessProperty());
        Label countdown = label("banner-countdown", model.countdownProperty());
        countdown.styleProperty().bind(Bindings.when(model.expiringSoonProperty())
                .then("-fx-text-fill: #ffd34d; -fx-font-weight: bold; -fx-font-size: 14px;")
                .otherwise("-fx-text-fill: white; -fx-font-size: 14px;"));
        for (Label l : new Label[]{task, access}) {
            l.setStyle("-fx-text-fill: #dfe8ff;");
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        VBox left = new VBox(2, actingFor, task, access, bannerWarning("banner-warning", model.bannerWarningProperty()),
                bannerWarning("engine-warning", model.engineWarningProperty()));
        HBox banner = new HBox(12, left, spacer, countdown);
        banner.setId("banner");
        banner.setPadding(new Insets(10, 14, 10, 14));
        // Blue while the assistant can act; grey once it cannot, so a glance tells which.
        banner.styleProperty().bind(Bindings.when(model.phaseProperty().isEqualTo(SessionViewModel.Phase.ACTIVE))
                .then("-fx-background-color: #1f3b70;").otherwise("-fx-background-color: #5b6470;"));

        Label endTitle = label("ended-title", model.endTitleProperty());
        endTitle.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        Label endDetails = label("ended-details", model.endDetailsProperty());
        VBox ended = new VBox(12, endTitle, endDetails);
        ended.setId("ended-pane");
        ended.setPadding(new Insets(32));

        VBox signIn = signInPane();

        Label notice = label("notice", model.noticeProperty());
        notice.setPadding(new Insets(4, 14, 4, 14));

        BorderPane root = new BorderPane();
        // Long reasons wrap inside the window instead of running off its edge.
        notice.prefWidthProperty().bind(root.widthProperty());
        notice.setMinHeight(Region.USE_PREF_SIZE);
        // The idle warning sits right under the banner, where the eye goes, and takes no room otherwise.
        Label idleWarning = label("idle-warning", model.idleWarningProperty());
        idleWarning.setStyle("-fx-background-color: #ffd34d; -fx-text-fill: #222; -fx-font-size: 15px; -fx-font-weight: bold;");
        idleWarning.setPadding(new Insets(8, 14, 8, 14));
        idleWarning.prefWidthProperty().bind(root.widthProperty());
        idleWarning.visibleProperty().bind(model.idleWarningProperty().isNotEmpty());
        idleWarning.managedProperty().bind(idleWarning.visibleProperty());
        root.setTop(new VBox(banner, idleWarning));
        root.setBottom(new VBox(pendingPane(), notice));
        root.centerProperty().bind(Bindings.when(model.signingInProperty()).then((javafx.scene.Node) signIn)
                .otherwise(Bindings.when(model.phaseProperty().isEqualTo(SessionViewModel.Phase.ACTIVE)
                                .or(model.phaseProperty().isEqualTo(SessionViewModel.Phase.STARTING)))
                        .then((javafx.scene.Node) browserView).otherwise(ended)));
        return root;
    }

    /**
     * Questions the person did not answer in time, each still open to Approve (the assistant's next
     * identical try then goes through once) or Let go. Hidden while there are none.
     */
    private VBox pendingPane() {
        VBox rows = new VBox(4);
        rows.setId("pending");
        rows.setPadding(new Insets(6, 14, 6, 14));
        rows.setStyle("-fx-background-color: #fff6e0;");
        Runnable rebuild = () -> {
            rows.getChildren().clear();
            for (SessionViewModel.PendingQuestion q : model.pendingQuestions()) {
                Label text = new Label(q.text());
                text.setWrapText(true);
                HBox.setHgrow(text, Priority.ALWAYS);
                javafx.scene.control.Button approve = new javafx.scene.control.Button("Approve");
                approve.setId("pending-approve");
                approve.setOnAction(e -> model.approvePending(q.id()));
                javafx.scene.control.Button letGo = new javafx.scene.control.Button("Let go");
                letGo.setId("pending-dismiss");
                letGo.setOnAction(e -> model.dismissPending(q.id()));
                HBox row = new HBox(8, text, approve, letGo);
                row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                rows.getChildren().add(row);
            }
            rows.setVisible(!model.pendingQuestions().isEmpty());
            rows.setManaged(rows.isVisible());
        };
        model.pendingQuestions().addListener((javafx.collections.ListChangeListener<SessionViewModel.PendingQuestion>) c -> rebuild.run());
        rebuild.run();
        return rows;
    }

    /** Device sign-in: where to go and the code, large enough to read across a desk. */
    private VBox signInPane() {
        Label title = new Label("Sign in so the assistant can work for you");
        title.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        Label open = new Label("On your phone or another computer, open:");
        Label page = label("sign-in-page", model.signInPageProperty());
        page.setStyle("-fx-font-size: 16px; -fx-font-family: monospace;");
        Label enter = new Label("and enter this code:");
        Label code = label("sign-in-code", model.signInCodeProperty());
        code.setStyle("-fx-font-size: 36px; -fx-font-weight: bold; -fx-font-family: monospace; -fx-text-fill: #1f3b70;");
        Label waiting = new Label("Nothing runs for the assistant until you have signed in.");
        waiting.setStyle("-fx-text-fill: #555;");
        VBox pane = new VBox(10, title, open, page, enter, code, waiting);
        pane.setId("sign-in-pane");
        pane.setPadding(new Insets(48));
        return pane;
    }

    /** A warning line in the banner, taking no room while empty. */
    private static Label bannerWarning(String id, javafx.beans.value.ObservableStringValue text) {
        Label warning = label(id, text);
        warning.setStyle("-fx-text-fill: #ffd34d; -fx-font-weight: bold;");
        warning.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(text));
        warning.managedProperty().bind(warning.visibleProperty());
        return warning;
    }

    private static Label label(String id, javafx.beans.value.ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(text);
        label.setWrapText(true);
        return label;
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
    }
}
