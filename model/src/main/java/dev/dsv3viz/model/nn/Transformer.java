package dev.dsv3viz.model.nn;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.trace.EmbedStep;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.Recorder;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DeepSeek-V3: embedding, the decoder layers, final norm and LM head, plus the chained MTP modules.
 *
 * <p>Threading: an instance holds only immutable weights, but ND4J arrays must not be shared across
 * threads while in use, so use one instance from one thread at a time (the app keeps it on a single
 * executor thread).
 */
public final class Transformer {
    private final ModelConfig config;
    private final INDArray embedding;
    private final List<Block> layers = new ArrayList<>();
    private final Head head;
    private final List<MtpModule> mtp = new ArrayList<>();

    public Transformer(ModelConfig config, ModelWeights w) {
        Nd4jRuntime.configure();
        this.config = config;
        this.embedding = w.embedding();
        Rope rope = new Rope(config);
        for (int i = 0; i < w.layers().size(); i++) {
            layers.add(new Block(config, i, w.layers().get(i), rope));
        }
        this.head = new Head(new RmsNorm(w.finalNorm(), config.rmsNormEps()), w.head());
        for (int k = 1; k <= w.mtp().size(); k++) {
            mtp.add(new MtpModule(config, k, w.mtp().get(k - 1), rope));
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** A cache for one sequence of up to the model's context length. */
    public KvCache newCache() {
        return new KvCache(layers.size(), config.latentCacheWidth(), config.maxPositionEmbeddings());
    }

    /**
     * Runs the main model over {@code tokens} at positions [cache.length(), +T), appending them to the
     * cache. Returns the last layer's output before the final norm, (T, hidden), and the logits, (T, vocab).
     */
    public Output forward(int[] tokens, KvCache cache, MlaMode mode, Recorder rec) {
        checkTokens(tokens, cache.length());
        int start = cache.length();
        try (MemoryWorkspace ignored = Scratch.open()) {
            INDArray x = embedding.getRows(tokens); // (T, hidden)
            if (rec.isOn()) {
                rec.add(new EmbedStep(start, tokens, Tensors.trace(x)));
            }
            for (int i = 0; i < layers.size(); i++) {
                x = layers.get(i).forward(x, i, cache, mode, rec); // (T, hidden)
            }
            cache.advance(tokens.length);
            INDArray logits = head.forward(x, -1, start, 0, rec);
            return new Output(x.detach(), logits.detach());
        }
    }

    /**
     * The MTP chain over a whole sequence. Module k at position i reads t_{i+k}; where that token lies
     * beyond the sequence, it reads the draft of the depth before (the main head's choice at the last
     * position for t_T, module 1's for t_{T+1}, ...), as DeepSeek's speculative decoding does. Causal
     * attention keeps positions with known tokens exactly teacher-forced.
     *
     * @param tokens     the whole sequence, (T)
     * @param hidden     the main model's last-layer output for it, (T, hidden)
     * @param mainLogits the main head's logits at the last position, (vocab)
     * @return each depth's logits, (T, vocab), depth 1 first
     */
    public List<INDArray> forwardMtp(int[] tokens, INDArray hidden, float[] mainLogits, MlaMode mode, Recorder rec) {
        if (mtp.isEmpty()) {
            return List.of();
        }
        int n = tokens.length;
        int[] extended = Arrays.copyOf(tokens, n + mtp.size());
        extended[n] = Sampling.argmax(mainLogits);
        List<INDArray> logits = new ArrayList<>();
        try (MemoryWorkspace ignored = Scratch.open()) {
            INDArray previous = hidden;
            for (int k = 1; k <= mtp.size(); k++) {
                int[] ahead = Arrays.copyOfRange(extended, k, k + n);
                MtpModule.Output out = mtp.get(k - 1).forward(previous, ahead, mode, rec);
                logits.add(out.logits().detach());
                if (k < mtp.size()) {
                    extended[n + k] = Sampling.argmax(Tensors.floats(out.logits().getRow(n - 1)));
                }
                previous = out.hidden();
            }
        }
        return logits;
    }

    /** A prompt's traced pass as the views show it: the trace, and the main head's logits at the last position. */
    public record TracedPass(ForwardTrace trace, float[] lastLogits) {
    }

    /**
     * Runs and records the main model over {@code tokens} (appending them to {@code cache}) and the MTP
     * chain after it; every array it made is released before it returns.
     */
    public TracedPass tracedPass(int[] tokens, KvCache cache, MlaMode mode) {
        Recorder rec = Recorder.on();
        int start = cache.length();
        try (Output out = forward(tokens, cache, mode, rec)) {
            float[] last = Tensors.floats(out.logits().getRow(tokens.length - 1));
            forwardMtp(tokens, out.hidden(), last, mode, rec).forEach(INDArray::close);
            return new TracedPass(rec.toTrace(tokens, start), last);
        }
    }

    /** The traced pass over a fresh sequence, when no cache is kept. */
    public ForwardTrace trace(int[] tokens, MlaMode mode) {
        try (KvCache cache = newCache()) {
            return tracedPass(tokens, cache, mode).trace();
        }
    }

    public int mtpDepth() {
        return mtp.size();
    }

    private void checkTokens(int[] tokens, int start) {
        if (tokens.length == 0) {
            throw new ModelException("There are no tokens to run; type a prompt first.");
        }
        if (start + tokens.length > config.maxPositionEmbeddings()) {
            throw new ModelException("The sequence has " + (start + tokens.length) + " tokens, but this model reads at most "
                    + config.maxPositionEmbeddings() + ".");
        }
        for (int t : tokens) {
            if (t < 0 || t >= config.vocabSize()) {
                throw new ModelException("Token id " + t + " is outside the vocabulary (0.." + (config.vocabSize() - 1) + ").");
            }
        }
    }

    /**
     * The main model's result for the tokens of one call. Its arrays live outside the pass's scratch
     * memory; close it when done, so that their native memory goes back at once instead of whenever
     * the garbage collector happens to find them.
     */
    public record Output(INDArray hidden, INDArray logits) implements AutoCloseable {
        @Override
        public void close() {
            hidden.close();
            logits.close();
        }
    }
}
