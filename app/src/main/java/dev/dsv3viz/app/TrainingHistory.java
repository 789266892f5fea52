package dev.dsv3viz.app;

import dev.dsv3viz.model.training.LoadSpread;
import dev.dsv3viz.model.training.TrainingLog;
import dev.dsv3viz.views.CurvesView;
import dev.dsv3viz.views.Format;
import dev.dsv3viz.views.Messages;

import java.util.ArrayList;
import java.util.List;

/**
 * The view-model of the training view: a run's log (and optionally a second run to compare, such as the
 * same run with the bias update off), the selected MoE layer and logged step, and what the views draw
 * from them: per-expert load and bias, the load spread, and the loss and spread curves.
 */
final class TrainingHistory {
    private TrainingLog main;
    private TrainingLog comparison;
    private int layer;
    private int index;

    TrainingHistory(TrainingLog main, TrainingLog comparison) {
        setMain(main);
        this.comparison = comparison;
    }

    /** A new main log (reloaded while training runs): keeps the layer, and the step unless it is gone. */
    void setMain(TrainingLog log) {
        if (log.entries().isEmpty()) {
            throw new IllegalArgumentException("the training log has no entries yet");
        }
        this.main = log;
        if (!log.layers().contains(layer)) {
            layer = log.layers().get(0);
        }
        index = Math.min(index, log.entries().size() - 1);
    }

    void setComparison(TrainingLog log) {
        this.comparison = log;
    }

    TrainingLog main() {
        return main;
    }

    TrainingLog comparison() {
        return comparison;
    }

    int layer() {
        return layer;
    }

    void setLayer(int layer) {
        if (main.layers().contains(layer)) {
            this.layer = layer;
        }
    }

    int index() {
        return index;
    }

    void setIndex(int index) {
        this.index = Math.max(0, Math.min(main.entries().size() - 1, index));
    }

    int size() {
        return main.entries().size();
    }

    TrainingLog.Entry entry() {
        return main.entries().get(index);
    }

    /** The comparison run's entry at the same step or the latest before it (its first if none is). */
    TrainingLog.Entry comparisonEntry() {
        if (comparison == null || comparison.entries().isEmpty()) {
            return null;
        }
        TrainingLog.Entry best = comparison.entries().get(0);
        for (TrainingLog.Entry e : comparison.entries()) {
            if (e.step() <= entry().step()) {
                best = e;
            }
        }
        return best;
    }

    static double[] load(TrainingLog.Entry e, int layer) {
        int[] l = e.layers().get(layer).load();
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = l[i];
        }
        return out;
    }

    static double[] bias(TrainingLog.Entry e, int layer) {
        float[] b = e.layers().get(layer).bias();
        double[] out = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i];
        }
        return out;
    }

    static String spreadText(TrainingLog.Entry e, int layer) {
        LoadSpread s = e.layers().get(layer).spread();
        return Messages.get("training.spread", Format.weight(s.maxOverMean()), Format.weight(s.minOverMean()),
                Format.weight(s.coefficientOfVariation()));
    }

    /** The largest load either run shows at any step in the layer, so both panels share one scale. */
    double loadScale() {
        double max = 1;
        for (TrainingLog log : comparison == null ? List.of(main) : List.of(main, comparison)) {
            for (TrainingLog.Entry e : log.entries()) {
                for (int n : e.layers().get(layer).load()) {
                    max = Math.max(max, n);
                }
            }
        }
        return max;
    }

    double biasScale() {
        double max = 1e-6;
        for (TrainingLog.Entry e : main.entries()) {
            for (float b : e.layers().get(layer).bias()) {
                max = Math.max(max, Math.abs(b));
            }
        }
        return max;
    }

    /** The losses of the main run over its steps (balance apart), with the comparison's main-head loss dashed. */
    List<CurvesView.Series> lossCurves() {
        List<CurvesView.Series> out = new ArrayList<>();
        int colour = 0;
        for (String name : main.lossNames()) {
            if (!name.equals("balance")) {
                out.add(curve(main, Messages.get("training.loss." + (name.startsWith("ce.") ? "ce" : name), name.substring(name.indexOf('.') + 1)),
                        e -> e.losses().getOrDefault(name, Double.NaN), colour++, false));
            }
        }
        if (comparison != null) {
            out.add(curve(comparison, Messages.get("training.loss.compared"), e -> e.losses().getOrDefault("ce.0", Double.NaN),
                    4, true));
        }
        return out;
    }

    List<CurvesView.Series> balanceCurves() {
        List<CurvesView.Series> out = new ArrayList<>();
        out.add(curve(main, Messages.get("training.run.main"), e -> e.losses().getOrDefault("balance", Double.NaN), 0, false));
        if (comparison != null) {
            out.add(curve(comparison, Messages.get("training.run.compared"), e -> e.losses().getOrDefault("balance", Double.NaN),
                    1, true));
        }
        return out;
    }

    /** max/mean load of the selected layer over the steps, both runs. */
    List<CurvesView.Series> spreadCurves() {
        List<CurvesView.Series> out = new ArrayList<>();
        out.add(curve(main, Messages.get("training.run.main"), e -> e.layers().get(layer).spread().maxOverMean(), 0, false));
        if (comparison != null && comparison.layers().contains(layer)) {
            out.add(curve(comparison, Messages.get("training.run.compared"),
                    e -> e.layers().get(layer).spread().maxOverMean(), 1, true));
        }
        return out;
    }

    private static CurvesView.Series curve(TrainingLog log, String name, java.util.function.ToDoubleFunction<TrainingLog.Entry> y,
                                           int colour, boolean dashed) {
        double[] xs = new double[log.entries().size()];
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = log.entries().get(i).step();
            ys[i] = y.applyAsDouble(log.entries().get(i));
        }
        return new CurvesView.Series(name, xs, ys, colour, dashed);
    }
}
