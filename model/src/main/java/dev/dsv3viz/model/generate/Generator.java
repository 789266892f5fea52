package dev.dsv3viz.model.generate;

import dev.dsv3viz.model.nn.KvCache;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Sampling;
import dev.dsv3viz.model.nn.Tensors;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Random;

/**
 * Autoregressive decoding with MLA's latent cache: the prompt is run once, then each new token alone,
 * attending over the cached c_KV and k_rope of everything before it.
 */
public final class Generator {
    private final Transformer model;
    private final MlaMode mode;

    public Generator(Transformer model, MlaMode mode) {
        this.model = model;
        this.mode = mode;
    }

    /** The prompt followed by up to {@code count} new tokens (fewer if the context fills up). */
    public int[] generate(int[] prompt, int count, SamplingOptions options) {
        Random random = new Random(options.seed());
        KvCache cache = model.newCache();
        int room = model.config().maxPositionEmbeddings() - prompt.length;
        int[] out = Arrays.copyOf(prompt, prompt.length + Math.max(0, Math.min(count, room)));
        INDArray logits = model.forward(prompt, cache, mode, Recorder.OFF).logits();
        for (int i = prompt.length; i < out.length; i++) {
            float[] last = Tensors.floats(logits.getRow(logits.rows() - 1));
            out[i] = Sampling.sample(last, options.temperature(), options.topK(), random);
            if (i + 1 < out.length) {
                logits = model.forward(new int[]{out[i]}, cache, mode, Recorder.OFF).logits();
            }
        }
        return out;
    }
}
