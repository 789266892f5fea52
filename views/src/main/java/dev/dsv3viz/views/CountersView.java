package dev.dsv3viz.views;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.stream.Stream;

/**
 * The live counters, for the loaded model and a full-size model one under the other: parameters the
 * selected token computed with against the total, what the tokens so far touched together, and the KV
 * cache so far for MLA against multi-head attention. Each figure is a bar filled to its share, with the
 * exact numbers in its tooltip.
 */
public final class CountersView extends VBox {
    private final Label title = new Label();
    private final Label modelName = new Label();
    private final Label presetName = new Label();
    private final Label perToken = new Label();
    private final Label soFar = new Label();
    private final Label kv = new Label();
    private final Label presetPerToken = new Label();
    private final Label presetKv = new Label();
    private final Label note = new Label();
    private final Meter modelParams = new Meter();
    private final Meter touched = new Meter();
    private final Meter modelCache = new Meter();
    private final Meter presetParams = new Meter();
    private final Meter presetCache = new Meter();
    private CounterFigures figures;

    /** A figure and a bar filled to its share of a whole. */
    private static final class Meter extends StackPane {
        private final Region fill = new Region();
        private final Label text = new Label();
        private final Tooltip tip = new Tooltip();
        private double share;

        Meter() {
            getStyleClass().add("meter");
            fill.getStyleClass().add("meter-fill");
            text.getStyleClass().add("meter-text");
            text.setMinWidth(0);
            getChildren().addAll(fill, text);
            setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            fill.setManaged(false);
            setMaxWidth(Double.MAX_VALUE);
            setMinWidth(0);
            Tooltip.install(this, tip);
        }

        void show(String label, double share, String exact) {
            text.setText(label);
            this.share = Math.max(0, Math.min(1, share));
            tip.setText(exact);
            requestLayout();
        }

        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            // At least a sliver, so that a share of 0.0001 is still seen to be there.
            double w = share > 0 ? Math.max(3, getWidth() * share) : 0;
            fill.resizeRelocate(0, 0, w, getHeight());
        }
    }

    public CountersView() {
        getStyleClass().add("counters-view");
        title.getStyleClass().add("counters-title");
        modelName.getStyleClass().add("counters-header");
        presetName.getStyleClass().add("counters-header");
        note.getStyleClass().add("counters-row");
        note.setWrapText(true);
        GridPane model = grid(new Label[]{perToken, soFar, kv}, new Meter[]{modelParams, touched, modelCache});
        GridPane preset = grid(new Label[]{presetPerToken, presetKv}, new Meter[]{presetParams, presetCache});
        setSpacing(4);
        getChildren().addAll(title, modelName, model, presetName, preset, note);
        perToken.setTooltip(new Tooltip(Messages.get("tip.counters.per.token")));
        soFar.setTooltip(new Tooltip(Messages.get("tip.counters.so.far")));
    }

    private static GridPane grid(Label[] labels, Meter[] meters) {
        GridPane g = new GridPane();
        g.setHgap(6);
        g.setVgap(3);
        ColumnConstraints label = new ColumnConstraints();
        label.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints meter = new ColumnConstraints();
        meter.setHgrow(Priority.ALWAYS);
        meter.setMinWidth(0);
        g.getColumnConstraints().addAll(label, meter);
        for (int i = 0; i < labels.length; i++) {
            labels[i].getStyleClass().add("counters-row");
            g.add(labels[i], 0, i);
            g.add(meters[i], 1, i);
        }
        return g;
    }

    /** Adds a control (such as the choice of the full-size model) under the title. */
    public void addControl(Node control) {
        getChildren().add(1, control);
    }

    public void show(CounterFigures f) {
        this.figures = f;
        title.setText(Messages.get("counters.title"));
        modelName.setText(f.modelName());
        presetName.setText(f.presetName());
        perToken.setText(Messages.get("counters.per.token"));
        presetPerToken.setText(Messages.get("counters.per.token"));
        soFar.setText(Messages.get("counters.so.far", f.tokens()));
        kv.setText(Messages.get("counters.kv"));
        presetKv.setText(Messages.get("counters.kv"));
        note.setText(Messages.get("counters.kv.note", f.tokens(), f.dtype()));
        modelParams.show(Messages.get("counters.of", Format.count(f.activated()), Format.count(f.total())),
                (double) f.activated() / f.total(), Messages.get("tip.counters.exact", Format.exact(f.activated()), Format.exact(f.total())));
        touched.show(Messages.get("counters.of", Format.count(f.touched()), Format.count(f.total())),
                (double) f.touched() / f.total(), Messages.get("tip.counters.exact", Format.exact(f.touched()), Format.exact(f.total())));
        modelCache.show(Messages.get("counters.cache.vs", Format.bytes(f.mlaBytes()), Format.bytes(f.mhaBytes())),
                f.mhaBytes() == 0 ? 0 : (double) f.mlaBytes() / f.mhaBytes(),
                Messages.get("tip.counters.cache", Format.exact(f.mlaBytes()), Format.exact(f.mhaBytes())));
        presetParams.show(Messages.get("counters.of", Format.count(f.presetActivated()), Format.count(f.presetTotal())),
                (double) f.presetActivated() / f.presetTotal(),
                Messages.get("tip.counters.exact", Format.exact(f.presetActivated()), Format.exact(f.presetTotal())));
        presetCache.show(Messages.get("counters.cache.vs", Format.bytes(f.presetMlaBytes()), Format.bytes(f.presetMhaBytes())),
                f.presetMhaBytes() == 0 ? 0 : (double) f.presetMlaBytes() / f.presetMhaBytes(),
                Messages.get("tip.counters.cache", Format.exact(f.presetMlaBytes()), Format.exact(f.presetMhaBytes())));
    }

    public CounterFigures figures() {
        return figures;
    }

    /** The figures' texts: the loaded model's three, then the full-size model's two (for tests and screen readers). */
    public List<String> texts() {
        return Stream.of(modelParams, touched, modelCache, presetParams, presetCache).map(m -> m.text.getText()).toList();
    }
}
