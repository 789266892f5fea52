package dev.dsv3viz.app;

import dev.dsv3viz.model.trace.AttentionStep;
import dev.dsv3viz.model.trace.EmbedStep;
import dev.dsv3viz.model.trace.ExpertsStep;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.MlpStep;
import dev.dsv3viz.model.trace.MtpInputStep;
import dev.dsv3viz.model.trace.OutputStep;
import dev.dsv3viz.model.trace.RouterStep;
import dev.dsv3viz.model.trace.TraceStep;

import java.util.ArrayList;
import java.util.List;

/** The walk through one recorded pass: each recorded step expanded into the stops that explain it. */
public final class PassSteps {
    private PassSteps() {
    }

    /**
     * @param mainLayers the main model's layer count; layers at or beyond it belong to MTP modules
     */
    public static List<PassStep> of(ForwardTrace trace, int mainLayers) {
        List<PassStep> steps = new ArrayList<>();
        for (TraceStep s : trace.steps()) {
            int layer = s.layer();
            int depth = layer >= mainLayers ? layer - mainLayers + 1 : 0;
            if (s instanceof EmbedStep) {
                steps.add(new PassStep(StepKind.EMBEDDING, -1, 0));
            } else if (s instanceof AttentionStep) {
                add(steps, layer, depth, StepKind.ATTENTION_QUERY, StepKind.ATTENTION_LATENT, StepKind.ATTENTION_ROPE,
                        StepKind.ATTENTION_SCORES, StepKind.ATTENTION_OUTPUT);
            } else if (s instanceof MlpStep) {
                add(steps, layer, depth, StepKind.MLP);
            } else if (s instanceof RouterStep) {
                add(steps, layer, depth, StepKind.ROUTER_AFFINITIES, StepKind.ROUTER_BIAS, StepKind.ROUTER_GROUPS,
                        StepKind.ROUTER_TOP_K);
            } else if (s instanceof ExpertsStep) {
                add(steps, layer, depth, StepKind.EXPERTS, StepKind.COMBINE);
            } else if (s instanceof MtpInputStep m) {
                steps.add(new PassStep(StepKind.MTP_INPUT, layer, m.depth()));
            } else if (s instanceof OutputStep o) {
                steps.add(new PassStep(StepKind.HEAD, layer, o.depth()));
            }
            // A BlockOutputStep has no stop of its own: the residual stream is shown within COMBINE and MTP.
        }
        return List.copyOf(steps);
    }

    private static void add(List<PassStep> steps, int layer, int depth, StepKind... kinds) {
        for (StepKind k : kinds) {
            steps.add(new PassStep(k, layer, depth));
        }
    }
}
