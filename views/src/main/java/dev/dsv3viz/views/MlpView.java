package dev.dsv3viz.views;

import javafx.scene.layout.VBox;

/** A dense SwiGLU MLP layer: normed input, the gated activation silu(gate) * up, and down_proj's output. */
public final class MlpView extends VBox {
    private final VectorBox input = new VectorBox();
    private final VectorBox activation = new VectorBox();
    private final VectorBox output = new VectorBox();

    public MlpView() {
        getStyleClass().add("mlp-view");
        setSpacing(18);
        getChildren().addAll(input, activation, output);
    }

    public void show(float[] normedInput, float[] activationRow, float[] outputRow) {
        double widest = Math.max(normedInput.length, activationRow.length);
        input.show(Messages.get("mlp.input"), Messages.get("mla.caption", normedInput.length), normedInput, normedInput.length / widest);
        activation.show(Messages.get("mlp.activation"), Messages.get("mla.caption", activationRow.length), activationRow,
                activationRow.length / widest);
        output.show(Messages.get("mlp.output"), Messages.get("mla.caption", outputRow.length), outputRow, outputRow.length / widest);
        input.mark(false, false);
        activation.mark(false, true);
        output.mark(false, false);
    }
}
