package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.config.ScoringFunction;
import dev.dsv3viz.model.config.TopkMethod;
import dev.dsv3viz.views.Messages;

/**
 * The words beside each step: a title, a sentence or two, the formula and the tensor shapes with the
 * loaded model's real sizes. The texts live in the message bundle under {@code step.<kind>.*}.
 */
public final class Explanations {
    /** The four texts of one step. */
    public record Text(String title, String body, String formula, String shapes) {
    }

    private Explanations() {
    }

    /**
     * @param tokens the tokens in the pass (T)
     * @param keys   the positions attended to once the pass is in the cache (S)
     */
    public static Text of(PassStep step, ModelConfig c, int tokens, int keys) {
        String k = "step." + step.kind().key();
        Object[] args = arguments(step, c, tokens, keys);
        String title = step.depth() > 0
                ? Messages.get("step.in.mtp", Messages.get(k + ".title", args), step.depth())
                : step.layer() >= 0 ? Messages.get("step.in.layer", Messages.get(k + ".title", args), step.layer())
                : Messages.get(k + ".title", args);
        String variant = variant(step.kind(), c);
        return new Text(title, Messages.get(k + ".body" + variant, args), Messages.get(k + ".formula" + variant, args),
                Messages.get(k + ".shapes", args));
    }

    /** The router's texts differ for models that score with softmax, choose without a bias or without groups. */
    private static String variant(StepKind kind, ModelConfig c) {
        return switch (kind) {
            case ROUTER_AFFINITIES -> c.scoringFunction() == ScoringFunction.SOFTMAX ? ".softmax" : "";
            case ROUTER_BIAS -> c.topkMethod() == TopkMethod.NOAUX_TC ? "" : ".none";
            case ROUTER_GROUPS -> c.topkMethod() == TopkMethod.GREEDY ? ".none"
                    : c.topkMethod() == TopkMethod.GROUP_LIMITED_GREEDY ? ".max" : "";
            default -> "";
        };
    }

    /** Sizes as plain strings, so that no number format adds separators to a dimension. */
    private static Object[] arguments(PassStep step, ModelConfig c, int tokens, int keys) {
        Object[] values = {c.hiddenSize(), c.numAttentionHeads(), c.kvLoraRank(), c.qLoraRank(), c.qkNopeHeadDim(),
                c.qkRopeHeadDim(), c.vHeadDim(), c.nRoutedExperts(), c.numExpertsPerTok(), c.nGroup(), c.topkGroup(),
                tokens, keys, step.layer(), step.depth(), c.intermediateSize(), c.moeIntermediateSize(), c.vocabSize(),
                c.routedScalingFactor(), c.nSharedExperts(), c.qkNopeHeadDim() + c.qkRopeHeadDim(),
                c.kvLoraRank() + c.qkRopeHeadDim(), step.depth() + 1, c.nRoutedExperts() / Math.max(1, c.nGroup()),
                2 * c.hiddenSize()};
        Object[] text = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            text[i] = String.valueOf(values[i]);
        }
        return text;
    }
}
