package dev.dsv3viz.views;

import dev.dsv3viz.model.trace.ExpertsStep;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/**
 * How an MoE layer's output is assembled for one token: each chosen expert's own output with its gate
 * weight, the shared expert's output, their weighted sum, and the residual stream after the layer.
 */
public final class CombineView extends ScrollPane {
    private final VBox rows = new VBox(8);

    public CombineView() {
        getStyleClass().add("combine-view");
        setFitToWidth(true);
        setContent(rows);
    }

    /**
     * @param blockOutput the residual stream leaving the layer for this token
     */
    public void show(ExpertsStep s, int t, float[] blockOutput) {
        rows.getChildren().clear();
        int[] experts = s.experts()[t];
        int hidden = s.output().dim(1);
        for (int j = 0; j < experts.length; j++) {
            VectorBox box = new VectorBox();
            box.show(Messages.get("combine.expert", experts[j], Format.value(s.weights().get(t, j))),
                    Messages.get("mla.caption", hidden), s.expertOutputs().row(t, j), 1);
            rows.getChildren().add(box);
        }
        if (s.sharedOutput() != null) {
            VectorBox box = new VectorBox();
            box.show(Messages.get("combine.shared"), Messages.get("mla.caption", hidden), s.sharedOutput().row(t), 1);
            rows.getChildren().add(box);
        }
        VectorBox sum = new VectorBox();
        sum.show(Messages.get("combine.sum"), Messages.get("mla.caption", hidden), s.output().row(t), 1);
        sum.mark(false, true);
        VectorBox residual = new VectorBox();
        residual.show(Messages.get("combine.residual"), Messages.get("mla.caption", hidden), blockOutput, 1);
        rows.getChildren().addAll(sum, residual);
    }
}
