package dev.dsv3viz.model.training;

import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multi-token-prediction module k for training: h' = eh_proj([enorm(Emb(t_{i+k})) ; hnorm(h^{k-1}_i)]),
 * then its own decoder layer; with its backward pass, which hands a gradient back to h^{k-1}.
 */
final class MtpLayer {
    private final Param embedding;
    private final Norm enorm;
    private final Norm hnorm;
    private final Param ehProj;
    private final BlockLayer block;
    private int[] ahead;
    private INDArray joined;

    MtpLayer(Param embedding, Norm enorm, Norm hnorm, Param ehProj, BlockLayer block) {
        this.embedding = embedding;
        this.enorm = enorm;
        this.hnorm = hnorm;
        this.ehProj = ehProj;
        this.block = block;
    }

    /** @param previous h^{k-1}, (N, hidden); @param aheadTokens t_{i+k}, (N); returns h^k, (N, hidden). */
    INDArray forward(INDArray previous, int[] aheadTokens) {
        ahead = aheadTokens;
        INDArray embedded = enorm.forward(Tensors.gather(embedding.value, aheadTokens)); // (N, hidden)
        joined = Nd4j.concat(1, embedded, hnorm.forward(previous)); // (N, 2*hidden): embedding first
        return block.forward(ehProj.forward(joined));
    }

    /** dy (N, hidden) of h^k -> d h^{k-1} (N, hidden). */
    INDArray backward(INDArray dy) {
        int hidden = (int) dy.columns();
        INDArray dJoined = ehProj.backward(joined, block.backward(dy)); // (N, 2*hidden)
        embedding.backwardRows(ahead, enorm.backward(dJoined.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)).dup('c')));
        return hnorm.backward(dJoined.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden)).dup('c'));
    }

    MoeLayer moe() {
        return block.moe();
    }
}
