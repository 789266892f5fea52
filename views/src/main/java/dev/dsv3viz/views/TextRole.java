package dev.dsv3viz.views;

import javafx.scene.Node;

/**
 * What a piece of text is, for the type scale: numbers inside dense grids and the axis labels of heat
 * maps and plots may be smaller than other text. Canvas views pass it with every text they draw; a text
 * node carries it as a style class.
 */
public enum TextRole {
    TEXT(null),
    GRID_NUMBER("grid-number"),
    AXIS_LABEL("axis-label");

    private final String styleClass;

    TextRole(String styleClass) {
        this.styleClass = styleClass;
    }

    /** The style class that gives a node this role; null for plain text, which needs none. */
    public String styleClass() {
        return styleClass;
    }

    /** Whether this is a grid number or an axis label, held to the smaller of the two type sizes. */
    public boolean isDense() {
        return this != TEXT;
    }

    /** The role a node's style classes give it. */
    public static TextRole of(Node node) {
        for (TextRole r : values()) {
            if (r.styleClass != null && node.getStyleClass().contains(r.styleClass)) {
                return r;
            }
        }
        return TEXT;
    }
}
