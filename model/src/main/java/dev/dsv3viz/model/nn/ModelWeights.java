package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * All weights of a DeepSeek-V3-family model, immutable after loading; run state lives in {@link KvCache}.
 *
 * @param embedding {@code model.embed_tokens}, (vocab, hidden)
 * @param layers    the main decoder layers
 * @param finalNorm {@code model.norm}, (hidden)
 * @param head      {@code lm_head} stored (in, out), (hidden, vocab)
 * @param mtp       the MTP modules, depth 1 first
 */
public record ModelWeights(INDArray embedding, List<BlockWeights> layers, INDArray finalNorm, INDArray head,
                           List<MtpWeights> mtp) {
    public ModelWeights {
        layers = List.copyOf(layers);
        mtp = List.copyOf(mtp);
    }
}
