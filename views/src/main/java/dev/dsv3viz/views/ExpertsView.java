package dev.dsv3viz.views;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;

/**
 * The experts of one MoE layer: every routed expert as a cell (a row per group) with the selected
 * token's chosen ones lit and their gate weights, the shared expert beside them, the routing map of the
 * whole prompt (tokens x experts, coloured by gate weight) and how many tokens each expert received.
 */
public final class ExpertsView extends VBox {

    static final PseudoClass CHOSEN = PseudoClass.getPseudoClass("chosen");

    private final GridPane grid = new GridPane();
    private final Label shared = new Label();
    private final HeatMap routingMap = new HeatMap();
    private final LoadBars load = new LoadBars();
    private final List<Label> cells = new ArrayList<>();

    public ExpertsView() {
        getStyleClass().add("experts-view");
        grid.getStyleClass().add("expert-grid");
        shared.getStyleClass().addAll("expert-cell", "shared-expert");
        VBox left = new VBox(10, grid, shared);
        VBox right = new VBox(12, load, routingMap);
        routingMap.setPrefSize(420, 200);
        routingMap.setMinSize(120, 80);
        load.setPrefSize(420, 140);
        load.setMinSize(120, 80);
        VBox.setVgrow(routingMap, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox row = new HBox(18, left, right);
        VBox.setVgrow(row, Priority.ALWAYS);
        getChildren().add(row);
    }

    /**
     * @param chosen        the selected token's routed experts, best first
     * @param weights       their gate weights
     * @param experts       the number of routed experts
     * @param groups        the number of expert groups (one grid row each)
     * @param sharedExperts the number of shared experts
     * @param routing       the gate weight of every expert for every token of the pass, (T, experts)
     * @param tokensPerExpert how many of the pass's tokens chose each expert
     * @param selectedToken the selected token's row in {@code routing}
     * @param firstPosition the position of the pass's first token
     * @param tokenLabels   the pass's tokens, readable
     */
    public void show(int[] chosen, float[] weights, int experts, int groups, int sharedExperts, float[][] routing,
                     double[] tokensPerExpert, int selectedToken, int firstPosition, String[] tokenLabels) {
        int perRow = experts / Math.max(1, groups);
        if (cells.size() != experts) {
            cells.clear();
            grid.getChildren().clear();
            for (int e = 0; e < experts; e++) {
                Label cell = new Label();
                cell.getStyleClass().addAll("expert-cell", TextRole.GRID_NUMBER.styleClass());
                cell.setUserData(e);
                cell.setTooltip(new Tooltip());
                cells.add(cell);
                grid.add(cell, e % perRow, e / perRow);
            }
        }
        float[] weightOf = new float[experts];
        boolean[] lit = new boolean[experts];
        for (int j = 0; j < chosen.length; j++) {
            lit[chosen[j]] = true;
            weightOf[chosen[j]] = weights[j];
        }
        for (int e = 0; e < experts; e++) {
            Label cell = cells.get(e);
            cell.pseudoClassStateChanged(CHOSEN, lit[e]);
            cell.setText(lit[e] ? e + "\n" + Format.weight(weightOf[e]) : Integer.toString(e));
            cell.getTooltip().setText(lit[e] ? Messages.get("tip.expert.chosen", e, e / perRow, Format.weight(weightOf[e]))
                    : Messages.get("tip.expert.idle", e, e / perRow, (int) tokensPerExpert[e]));
        }
        shared.setText(Messages.get("experts.shared", sharedExperts));
        shared.pseudoClassStateChanged(CHOSEN, sharedExperts > 0);
        shared.setVisible(sharedExperts > 0);
        float max = 0;
        for (float[] row : routing) {
            for (float v : row) {
                max = Math.max(max, v);
            }
        }
        routingMap.show(Messages.get("experts.map.title", routing.length), routing,
                new HeatMap.Axis(Messages.get("experts.map.row"), tokenLabels),
                new HeatMap.Axis(Messages.get("experts.map.column"), null), null, max > 0 ? max : 1, selectedToken, firstPosition);
        load.show(Messages.get("experts.load.title"), Messages.get("experts.load.unit"), tokensPerExpert, 0);
    }

    /** The experts currently lit as chosen, read from the cells' pseudo-classes. */
    public int[] litExperts() {
        return cells.stream().filter(c -> c.getPseudoClassStates().contains(CHOSEN))
                .mapToInt(c -> (Integer) c.getUserData()).toArray();
    }
}
