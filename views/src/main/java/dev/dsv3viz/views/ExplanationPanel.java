package dev.dsv3viz.views;

import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** What the current step does: a title, a sentence or two, the formula with the loaded model's shapes. */
public final class ExplanationPanel extends VBox {
    private final Label title = new Label();
    private final Label body = new Label();
    private final Label formula = new Label();
    private final Label shapes = new Label();

    public ExplanationPanel() {
        getStyleClass().add("explanation-panel");
        title.getStyleClass().add("explanation-title");
        body.getStyleClass().add("explanation-body");
        formula.getStyleClass().add("formula");
        shapes.getStyleClass().add("shapes");
        for (Label l : new Label[]{title, body, formula, shapes}) {
            l.setWrapText(true);
            l.setMaxWidth(Double.MAX_VALUE);
        }
        setSpacing(12);
        getChildren().addAll(title, body, formula, shapes);
    }

    public void show(String title, String body, String formula, String shapes) {
        this.title.setText(title);
        this.body.setText(body);
        this.formula.setText(formula);
        this.shapes.setText(shapes);
    }
}
