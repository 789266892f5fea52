package dev.dsv3viz.views;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * A named vector of the forward pass: its name, its heat strip, and a caption (its length, whether it
 * is cached). Pseudo-classes mark it as cached ({@code :cached}) or on the path being explained
 * ({@code :focused-path}).
 */
public final class VectorBox extends VBox {
    static final PseudoClass CACHED = PseudoClass.getPseudoClass("cached");
    static final PseudoClass ON_PATH = PseudoClass.getPseudoClass("focused-path");

    private final Label title = new Label();
    private final HeatStrip strip = new HeatStrip();
    private final Label caption = new Label();

    public VectorBox() {
        getStyleClass().add("vector-box");
        title.getStyleClass().add("vector-title");
        caption.getStyleClass().add("vector-caption");
        title.setMinWidth(0);
        caption.setMinWidth(0);
        strip.setMinWidth(0);
        setSpacing(3);
        getChildren().addAll(title, strip, caption);
    }

    /**
     * @param widthFraction the strip's width as a fraction of the box (so vector lengths compare by eye)
     */
    public void show(String name, String caption, float[] values, double widthFraction) {
        show(name, caption, values);
        strip.maxWidthProperty().bind(widthProperty().multiply(Math.max(0.08, Math.min(1, widthFraction))));
    }

    /** Shows a vector whose strip width the parent sets with {@link #setStripWidth}. */
    public void show(String name, String caption, float[] values) {
        title.setText(name);
        this.caption.setText(caption);
        strip.show(name, values, 0);
    }

    /** Fixes the strip's width in pixels (a parent drawing several vectors at one scale). */
    public void setStripWidth(double width) {
        strip.maxWidthProperty().unbind();
        strip.setMaxWidth(width);
        strip.setPrefWidth(width);
    }

    public int length() {
        return strip.values().length;
    }

    public void hideWith(String name, String caption) {
        title.setText(name);
        this.caption.setText(caption);
        strip.show(name, new float[0], 0);
    }

    public void mark(boolean cached, boolean onPath) {
        pseudoClassStateChanged(CACHED, cached);
        pseudoClassStateChanged(ON_PATH, onPath);
    }

    public HeatStrip strip() {
        return strip;
    }
}
