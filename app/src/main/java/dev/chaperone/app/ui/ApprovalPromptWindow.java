package dev.chaperone.app.ui;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.util.Duration;

import java.time.Instant;

/**
 * The approval prompt: a window of Chaperone's own, above all others, outside the page. The page
 * cannot draw, fake or dismiss it. Deny is the default button; closing it is a deny.
 */
final class ApprovalPromptWindow {
    private final Stage stage = new Stage(StageStyle.UTILITY);
    private final ApprovalPromptViewModel model;
    private final Timeline ticker;

    ApprovalPromptWindow(ApprovalPromptViewModel model) {
        this.model = model;
        Label title = new Label(model.title());
        title.setId("prompt-title");
        title.setStyle("-fx-font-size: 16px; -fx-font-weight: bold;");

        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(6);
        Label what = addFact(facts, 0, "What", model.what(), "prompt-what");
        addFact(facts, 1, "Where", model.where(), "prompt-where");
        int row = 2;
        if (model.dataSensitivity().isPresent()) {
            addFact(facts, row++, "Data", model.dataSensitivity().get(), "prompt-data");
        }
        addFact(facts, row++, "For", model.forWhom(), "prompt-for");
        addFact(facts, row, "Why asked", model.why(), "prompt-why");

        Label remaining = new Label();
        remaining.setId("prompt-remaining");
        remaining.textProperty().bind(model.remainingProperty());
        remaining.setStyle("-fx-text-fill: #8a4b00;");

        Button deny = new Button("Deny");
        deny.setId("prompt-deny");
        deny.setDefaultButton(true);
        deny.setCancelButton(true);
        deny.setOnAction(e -> model.deny());
        Button allow = new Button("Allow");
        allow.setId("prompt-allow");
        allow.setOnAction(e -> model.allow());
        allow.disableProperty().bind(model.allowArmedProperty().not());
        HBox buttons = new HBox(10, deny, allow);
        model.forAWhileLabel().ifPresent(label -> {
            // A standing grant, where the policy offers one: armed as late as Allow.
            Button forAWhile = new Button(label);
            forAWhile.setId("prompt-allow-while");
            forAWhile.setOnAction(e -> model.allowForAWhile());
            forAWhile.disableProperty().bind(model.allowArmedProperty().not());
            buttons.getChildren().add(forAWhile);
        });
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox root = new VBox(14, new Label("Chaperone"), title, facts, remaining, buttons);
        root.setPadding(new Insets(18));
        root.setStyle("-fx-background-color: #fffdf5; -fx-border-color: #c98a00; -fx-border-width: 3;");
        stage.setScene(new Scene(root, 560, javafx.scene.layout.Region.USE_COMPUTED_SIZE));
        stage.setTitle("Chaperone: approval needed");
        stage.setAlwaysOnTop(true);
        stage.setResizable(false);
        stage.setOnCloseRequest(e -> model.deny());
        // Each tick also shows questions that joined this one in a burst (see ApprovalPromptViewModel.tryJoin).
        ticker = new Timeline(new KeyFrame(Duration.millis(100), e -> {
            model.tick(Instant.now());
            title.setText(model.title());
            what.setText(model.what());
            stage.sizeToScene();
        }));
        ticker.setCycleCount(Timeline.INDEFINITE);
        model.answer().whenComplete((answer, error) -> javafx.application.Platform.runLater(this::close));
    }

    private static Label addFact(GridPane grid, int row, String name, String value, String id) {
        Label key = new Label(name);
        key.setStyle("-fx-text-fill: #555;");
        Label text = new Label(value);
        text.setId(id);
        text.setWrapText(true);
        text.setMaxWidth(420);
        grid.addRow(row, key, text);
        return text;
    }

    void show() {
        ticker.play();
        stage.show();
        stage.toFront();
    }

    void close() {
        ticker.stop();
        stage.close();
    }

}
