package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One multi-token-prediction module's weights.
 *
 * @param enorm     norm of the embedding of the token k ahead, (hidden)
 * @param hnorm     norm of the previous depth's hidden state, (hidden)
 * @param ehProj    {@code eh_proj} stored (in, out): [embedding ; hidden] -> hidden, (2 * hidden, hidden)
 * @param block     the module's own decoder layer
 * @param headNorm  {@code shared_head.norm}, (hidden)
 * @param embedding the embedding it reads, (vocab, hidden): shared with the main model
 * @param head      {@code shared_head.head} stored (in, out), (hidden, vocab): shared with the main model
 */
public record MtpWeights(INDArray enorm, INDArray hnorm, INDArray ehProj, BlockWeights block, INDArray headNorm,
                         INDArray embedding, INDArray head) {
}
