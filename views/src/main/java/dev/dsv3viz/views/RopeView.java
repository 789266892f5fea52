package dev.dsv3viz.views;

import dev.dsv3viz.model.trace.AttentionStep;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Decoupled RoPE for one token and head: the position-free part of the query passes untouched, while
 * the rotary parts of the query and of the shared key turn pair by pair by their position's angles.
 */
public final class RopeView extends VBox {
    private final VectorBox nope = new VectorBox();
    private final RotaryDials query = new RotaryDials();
    private final RotaryDials key = new RotaryDials();

    public RopeView() {
        getStyleClass().add("rope-view");
        setSpacing(14);
        VBox.setVgrow(query, Priority.ALWAYS);
        VBox.setVgrow(key, Priority.ALWAYS);
        getChildren().addAll(nope, query, key);
    }

    /**
     * @param position    the token's position in the sequence
     * @param interleaved whether rotary pairs are interleaved in the vector
     * @param animate     turn the dials from 0 to their angles
     */
    public void show(AttentionStep s, int t, int head, int position, boolean interleaved, boolean animate) {
        float[] theta = s.ropeInverseFrequencies().values();
        int nopeDim = s.queryNope().dim(2);
        nope.show(Messages.get("rope.nope", head), Messages.get("rope.nope.caption", nopeDim), s.queryNope().row(t, head), 1);
        nope.mark(false, false);
        query.show(Messages.get("rope.query", head, position), s.queryRope().row(t, head),
                s.queryRopeRotated().row(t, head), theta, position, interleaved, animate);
        key.show(Messages.get("rope.key", position), s.keyRope().row(t), s.keyRopeRotated().row(t), theta, position,
                interleaved, animate);
    }
}
