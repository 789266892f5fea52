package dev.dsv3viz.views;

import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** A prediction head: the final norm's output and the top tokens of the softmax over the logits. */
public final class OutputView extends VBox {
    private final VectorBox normed = new VectorBox();
    private final VectorBox logits = new VectorBox();
    private final ProbabilityBars top = new ProbabilityBars();

    public OutputView() {
        getStyleClass().add("output-view");
        setSpacing(12);
        VBox.setVgrow(top, Priority.ALWAYS);
        getChildren().addAll(normed, logits, top);
    }

    /**
     * @param labels        the top tokens, readable
     * @param probabilities their probabilities
     * @param marked        the row of the token that truly came next, or -1
     */
    public void show(String normName, float[] normedRow, float[] logitRow, String title, String[] labels,
                     float[] probabilities, int marked) {
        normed.show(normName, Messages.get("output.normed.caption", normedRow.length), normedRow, 1);
        logits.show(Messages.get("output.logits"), Messages.get("output.logits.caption", logitRow.length), logitRow, 1);
        top.show(title, labels, probabilities, marked);
    }
}
