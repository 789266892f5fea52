package dev.dsv3viz.views;

import dev.dsv3viz.model.trace.RouterStep;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;

/**
 * The router of one MoE layer for one token, revealed in the order it computes: every routed expert's
 * affinity s as a bar; then the load-balancing bias added on top (bars shift); then each group's score
 * (the sum of its two best biased scores) with the kept groups lit; then the top-k experts chosen and
 * their gate weights. Bars are scene nodes with pseudo-classes ({@code :chosen}, {@code :kept}), so what
 * is lit can be read back from the scene graph.
 */
public final class RouterView extends Region {
    /** How far the computation has got, in its own order. */
    public enum Phase { AFFINITIES, BIAS, GROUPS, TOP_K }

    static final PseudoClass CHOSEN = PseudoClass.getPseudoClass("chosen");
    static final PseudoClass KEPT = PseudoClass.getPseudoClass("kept");
    static final PseudoClass DROPPED = PseudoClass.getPseudoClass("dropped");
    static final PseudoClass NEGATIVE = PseudoClass.getPseudoClass("negative");

    private static final double AXIS = 56;
    private static final double SHARED = 110;
    private static final double TOP = 44;
    private static final double BOTTOM = 30;

    private final Pane plot = new Pane();
    private final FlowPane chosenRow = new FlowPane(6, 4);
    private final HBox legend = new HBox(14);
    private final List<Region> affinityBars = new ArrayList<>();
    private final List<Region> biasBars = new ArrayList<>();
    private final List<Region> groupBoxes = new ArrayList<>();
    private final List<Text> groupLabels = new ArrayList<>();
    private final List<Text> expertNumbers = new ArrayList<>();
    private final List<Tooltip> tips = new ArrayList<>();
    private final Region baseline = new Region();
    private final Text top = new Text();
    private final Text zero = new Text("0");
    private final Label shared = new Label();
    private final DoubleProperty progress = new SimpleDoubleProperty(1);
    private final Timeline reveal = new Timeline();

    private float[] affinity = new float[0];
    private float[] bias = new float[0];
    private float[] groupScore = new float[0];
    private int[] kept = new int[0];
    private int[] chosen = new int[0];
    private float[] weights = new float[0];
    private int sharedExperts;
    private Phase phase = Phase.AFFINITIES;

    public RouterView() {
        getStyleClass().add("router-view");
        plot.getStyleClass().add("router-plot");
        chosenRow.getStyleClass().add("chosen-row");
        baseline.getStyleClass().add("router-baseline");
        top.getStyleClass().add(TextRole.AXIS_LABEL.styleClass());
        zero.getStyleClass().add(TextRole.AXIS_LABEL.styleClass());
        shared.getStyleClass().add("shared-expert");
        legend.getStyleClass().add("router-legend");
        legend.getChildren().addAll(swatch("legend-affinity", "router.legend.affinity"),
                swatch("legend-bias", "router.legend.bias.up"), swatch("legend-bias-down", "router.legend.bias.down"),
                swatch("legend-kept", "router.legend.kept"), swatch("legend-chosen", "router.legend.chosen"));
        getChildren().addAll(legend, plot, chosenRow);
        progress.addListener(o -> requestLayout());
    }

    /**
     * Shows the router's work for token {@code t} of the step up to {@code phase}.
     *
     * @param sharedExperts the number of shared experts, which every token uses
     */
    public void show(RouterStep step, int t, Phase phase, int sharedExperts) {
        int n = step.affinities().dim(1);
        this.affinity = step.affinities().row(t);
        this.bias = step.bias().values();
        this.groupScore = step.groupScores().row(t);
        this.kept = step.keptGroups()[t];
        this.chosen = step.expertsOf(t);
        this.weights = step.weights().row(t);
        this.sharedExperts = sharedExperts;
        boolean animate = Motion.enabled() && phase == Phase.BIAS && this.phase != Phase.BIAS;
        this.phase = phase;
        rebuild(n);
        if (animate) {
            reveal.stop();
            reveal.getKeyFrames().setAll(new KeyFrame(Duration.ZERO, new KeyValue(progress, 0)),
                    new KeyFrame(Duration.millis(700), new KeyValue(progress, 1)));
            reveal.playFromStart();
        } else {
            reveal.stop();
            progress.set(1);
        }
        requestLayout();
    }

    private static Label swatch(String styleClass, String key) {
        Region box = new Region();
        box.getStyleClass().addAll("legend-swatch", styleClass);
        Label l = new Label(Messages.get(key), box);
        l.getStyleClass().add("legend-label");
        return l;
    }

    /** The experts currently lit as chosen, read from the bars' pseudo-classes. */
    public int[] litExperts() {
        return affinityBars.stream().filter(b -> b.getPseudoClassStates().contains(CHOSEN))
                .mapToInt(b -> (Integer) b.getUserData()).toArray();
    }

    private int groups() {
        return groupScore.length;
    }

    private void rebuild(int n) {
        if (affinityBars.size() != n || groupBoxes.size() != groups()) {
            affinityBars.clear();
            biasBars.clear();
            groupBoxes.clear();
            groupLabels.clear();
            expertNumbers.clear();
            tips.clear();
            plot.getChildren().clear();
            for (int g = 0; g < groups(); g++) {
                Region box = new Region();
                box.getStyleClass().add("group-box");
                box.setManaged(false);
                Text label = new Text();
                label.getStyleClass().add("group-score");
                groupBoxes.add(box);
                groupLabels.add(label);
                plot.getChildren().addAll(box, label);
            }
            plot.getChildren().addAll(baseline, top, zero, shared);
            baseline.setManaged(false);
            shared.setManaged(false);
            for (int e = 0; e < n; e++) {
                Region a = new Region();
                a.getStyleClass().add("expert-bar");
                a.setUserData(e);
                a.setManaged(false);
                // One tooltip per bar, made once: installing tooltips on every step cost more than drawing.
                Tooltip tip = new Tooltip();
                Tooltip.install(a, tip);
                tips.add(tip);
                Region b = new Region();
                b.getStyleClass().add("bias-bar");
                b.setManaged(false);
                Text number = new Text(Integer.toString(e));
                number.getStyleClass().addAll("expert-number", TextRole.GRID_NUMBER.styleClass());
                affinityBars.add(a);
                biasBars.add(b);
                expertNumbers.add(number);
                plot.getChildren().addAll(a, b, number);
            }
        }
        boolean[] isKept = new boolean[groups()];
        for (int g : kept) {
            isKept[g] = true;
        }
        boolean[] isChosen = new boolean[n];
        for (int e : chosen) {
            isChosen[e] = true;
        }
        int perGroup = n / Math.max(1, groups());
        for (int e = 0; e < n; e++) {
            Region a = affinityBars.get(e);
            boolean lit = phase == Phase.TOP_K && isChosen[e];
            a.pseudoClassStateChanged(CHOSEN, lit);
            a.pseudoClassStateChanged(DROPPED, phase.compareTo(Phase.GROUPS) >= 0 && !isKept[e / perGroup]);
            tips.get(e).setText(Messages.get("tip.router.expert", e, Format.value(affinity[e]),
                    Format.value(bias[e]), Format.value(affinity[e] + bias[e]), e / perGroup));
            biasBars.get(e).pseudoClassStateChanged(NEGATIVE, bias[e] < 0);
            biasBars.get(e).setVisible(phase.compareTo(Phase.BIAS) >= 0);
            expertNumbers.get(e).pseudoClassStateChanged(CHOSEN, lit);
        }
        for (int g = 0; g < groups(); g++) {
            boolean shown = phase.compareTo(Phase.GROUPS) >= 0;
            groupBoxes.get(g).setVisible(shown);
            groupBoxes.get(g).pseudoClassStateChanged(KEPT, isKept[g]);
            groupBoxes.get(g).pseudoClassStateChanged(DROPPED, !isKept[g]);
            groupLabels.get(g).setVisible(shown);
            groupLabels.get(g).setText(Messages.get("router.group.score", g, Format.weight(groupScore[g])));
        }
        shared.setText(Messages.get("router.shared", sharedExperts));
        shared.pseudoClassStateChanged(CHOSEN, phase == Phase.TOP_K);
        shared.setVisible(sharedExperts > 0);
        chosenRow.getChildren().clear();
        if (phase == Phase.TOP_K) {
            Label title = new Label(Messages.get("router.chosen"));
            title.getStyleClass().add("chosen-title");
            chosenRow.getChildren().add(title);
            for (int j = 0; j < chosen.length; j++) {
                Label chip = new Label(Messages.get("router.chip", chosen[j], Format.weight(weights[j])));
                chip.getStyleClass().add("expert-chip");
                chosenRow.getChildren().add(chip);
            }
            if (sharedExperts > 0) {
                Label chip = new Label(Messages.get("router.chip.shared"));
                chip.getStyleClass().addAll("expert-chip", "shared-chip");
                chosenRow.getChildren().add(chip);
            }
        }
    }

    @Override
    protected double computePrefHeight(double width) {
        return 360;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 900;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        double legendH = legend.prefHeight(w);
        legend.resizeRelocate(snappedLeftInset(), snappedTopInset(), w, legendH);
        double rowH = chosenRow.prefHeight(w);
        chosenRow.resizeRelocate(snappedLeftInset(), snappedTopInset() + h - rowH, w, rowH);
        double plotH = h - rowH - legendH - 12;
        plot.resizeRelocate(snappedLeftInset(), snappedTopInset() + legendH + 4, w, plotH);
        layoutPlot(w, plotH);
    }

    private void layoutPlot(double w, double h) {
        int n = affinityBars.size();
        if (n == 0) {
            return;
        }
        boolean withBias = phase.compareTo(Phase.BIAS) >= 0;
        double hi = 0;
        double lo = 0;
        for (int e = 0; e < n; e++) {
            hi = Math.max(hi, affinity[e]);
            if (withBias) {
                hi = Math.max(hi, affinity[e] + bias[e]);
                lo = Math.min(lo, affinity[e] + bias[e]);
            }
        }
        hi = hi <= 0 ? 1 : hi * 1.05;
        double plotTop = TOP;
        double plotBottom = h - BOTTOM;
        double range = hi - lo;
        double zeroY = plotBottom - (0 - lo) / range * (plotBottom - plotTop);
        double scaleY = (plotBottom - plotTop) / range;
        int groups = Math.max(1, groups());
        int perGroup = n / groups;
        double usable = w - AXIS - SHARED;
        double gap = Math.min(18, usable / n);
        double cell = (usable - gap * (groups - 1)) / n;
        double barW = Math.max(1, cell * 0.78);
        double widestNumber = expertNumbers.get(n - 1).getLayoutBounds().getWidth();
        double lastNumberEnd = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < n; e++) {
            int g = e / perGroup;
            double x = AXIS + e * cell + g * gap;
            double s = affinity[e];
            Region a = affinityBars.get(e);
            a.resizeRelocate(x, Math.min(zeroY, zeroY - s * scaleY), barW, Math.abs(s * scaleY));
            double b = bias[e] * progress.get();
            Region bb = biasBars.get(e);
            double from = zeroY - s * scaleY;
            double to = zeroY - (s + b) * scaleY;
            bb.resizeRelocate(x + barW * 0.2, Math.min(from, to), barW * 0.6, Math.max(1, Math.abs(to - from)));
            Text number = expertNumbers.get(e);
            double width = number.getLayoutBounds().getWidth();
            double left = x + barW / 2 - width / 2;
            boolean wanted = cell >= widestNumber + 3 || e % perGroup == 0 || number.getPseudoClassStates().contains(CHOSEN);
            // Numbers that would run into the one before are left out; the tooltip still names every bar.
            number.setVisible(wanted && left >= lastNumberEnd + 2);
            if (number.isVisible()) {
                lastNumberEnd = left + width;
            }
            number.relocate(left, plotBottom + 4);
        }
        for (int g = 0; g < groupBoxes.size(); g++) {
            double x = AXIS + g * (perGroup * cell + gap) - gap * 0.35;
            double width = perGroup * cell + gap * 0.7 - (cell - barW);
            groupBoxes.get(g).resizeRelocate(x, plotTop - 22, width, plotBottom - plotTop + 22);
            Text label = groupLabels.get(g);
            label.relocate(x + 3, plotTop - 40);
            label.setWrappingWidth(width);
        }
        baseline.resizeRelocate(AXIS - 4, zeroY, usable + 8, 1.5);
        top.setText(Format.value(hi));
        top.relocate(2, plotTop - 6);
        zero.relocate(AXIS - 18, zeroY - 9);
        double sw = SHARED - 24;
        shared.resizeRelocate(w - sw, plotTop, sw, plotBottom - plotTop);
    }
}
