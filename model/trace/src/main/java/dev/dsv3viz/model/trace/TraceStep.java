package dev.dsv3viz.model.trace;

/**
 * One recorded stage of a forward pass, in the order the model computed it. Every array in a step is a
 * copy taken from the engine; nothing here refers to ND4J.
 */
public sealed interface TraceStep
        permits EmbedStep, AttentionStep, RouterStep, ExpertsStep, MlpStep, BlockOutputStep, MtpInputStep, OutputStep {

    /**
     * The decoder layer the step belongs to, numbered as in the checkpoint (MTP module k is
     * {@code num_hidden_layers + k - 1}); -1 for steps outside any layer.
     */
    int layer();

    /** Position of the first token this step covers (the cache length before it; 0 for a fresh prompt). */
    int startPosition();
}
