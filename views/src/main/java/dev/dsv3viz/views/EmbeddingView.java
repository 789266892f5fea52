package dev.dsv3viz.views;

import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The embedding lookup: the token, its id, its row of the embedding matrix as a heat strip, and the
 * rows of every token of the pass stacked, so that repeated tokens show as identical rows.
 */
public final class EmbeddingView extends VBox {
    private final Label token = new Label();
    private final VectorBox row = new VectorBox();
    private final HeatMap all = new HeatMap();

    public EmbeddingView() {
        getStyleClass().add("embedding-view");
        token.getStyleClass().add("big-token");
        all.setDiverging(true);
        setSpacing(16);
        VBox.setVgrow(all, Priority.ALWAYS);
        getChildren().addAll(token, row, all);
    }

    /**
     * @param rows      the embedding rows of every token of the pass, (T, hidden)
     * @param t         the selected token's row
     * @param position  its position in the sequence
     * @param firstPosition the position of the pass's first token
     */
    public void show(String piece, int id, int position, float[][] rows, int t, int firstPosition, int vocab) {
        float[] embedding = rows[t];
        token.setText(Messages.get("embedding.token", piece, id, position));
        row.show(Messages.get("embedding.row", id), Messages.get("embedding.caption", embedding.length, vocab), embedding, 1);
        row.mark(false, true);
        double scale = 0;
        for (float[] r : rows) {
            scale = Math.max(scale, Palette.maxAbs(r));
        }
        all.show(Messages.get("embedding.all", rows.length), rows, new HeatMap.Axis(Messages.get("embedding.all.row"), null),
                new HeatMap.Axis(Messages.get("embedding.all.column"), null), null, scale > 0 ? scale : 1, t, firstPosition);
    }
}
