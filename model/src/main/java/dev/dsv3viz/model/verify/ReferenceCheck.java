package dev.dsv3viz.model.verify;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.generate.Generator;
import dev.dsv3viz.model.generate.SamplingOptions;
import dev.dsv3viz.model.io.SafeTensorsFile;
import dev.dsv3viz.model.io.TensorInfo;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.nn.Tensors;
import dev.dsv3viz.model.nn.Transformer;
import dev.dsv3viz.model.trace.BlockOutputStep;
import dev.dsv3viz.model.trace.EmbedStep;
import dev.dsv3viz.model.trace.FloatTensor;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.OutputStep;
import dev.dsv3viz.model.trace.Recorder;
import dev.dsv3viz.model.trace.RouterStep;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a forward pass with a reference dump in the fixture format ({@code input_ids},
 * {@code expected.hidden.j}, {@code expected.logits}, {@code expected.route.*}, {@code expected.mtp.K.logits},
 * {@code expected.greedy_ids}; docs/fixtures.md). Each quantity carries the tolerance it was held to:
 * hidden states and logits an absolute {@value #VALUE_TOLERANCE}, gate weights {@value #WEIGHT_TOLERANCE_PER_SCALE}
 * per unit of {@code routed_scaling_factor}, expert sets and greedy ids exactly.
 */
public final class ReferenceCheck {
    /** Max |error| of hidden states and logits that a float32 engine meets against a float32 or float64 reference. */
    public static final double VALUE_TOLERANCE = 1e-4;
    /** Max |error| of gate weights per unit of {@code routed_scaling_factor} (see {@link Tolerance#perRoutedScale}). */
    public static final double WEIGHT_TOLERANCE_PER_SCALE = 1e-5;
    /** Prompt tokens the greedy reference starts from. */
    static final int GREEDY_PROMPT = 8;
    /** Keys of MTP module K's outputs: {@code expected.mtp.K.logits}, {@code expected.route.mtpK.*}. */
    private static final Pattern MTP_KEY = Pattern.compile("expected\\.(?:mtp\\.|route\\.mtp)(\\d+)\\..*");

    private ReferenceCheck() {
    }

    /**
     * What was compared, and what the model computes that the reference does not hold (say, the outputs of
     * MTP modules a reference implementation lacks), by name.
     */
    public record Result(List<Quantity> quantities, List<String> notCompared) {
        public boolean passed() {
            return quantities.stream().allMatch(Quantity::passed);
        }
    }

    public static Result run(Transformer model, Path expectedFile, MlaMode mode) {
        SafeTensorsFile expected = SafeTensorsFile.open(expectedFile);
        int l = model.config().numHiddenLayers();
        int depth = model.mtpDepth();
        for (String key : expected.tensors().keySet()) {
            int module = mtpModuleOf(key);
            if (module >= depth) {
                throw new ModelException(expectedFile + ": holds \"" + key + "\", an output of MTP module " + module
                        + ", but the checkpoint has " + depth + " MTP module" + (depth == 1 ? "" : "s")
                        + " (num_nextn_predict_layers); does the expected file belong to this checkpoint?");
            }
        }
        int[] ids = expected.readInts("input_ids");
        Recorder rec = Recorder.on();
        Transformer.Output main = model.forward(ids, model.newCache(), mode, rec);
        float[] lastLogits = Tensors.floats(main.logits().getRow(ids.length - 1));
        List<INDArray> mtpLogits = model.forwardMtp(ids, main.hidden(), lastLogits, mode, rec);
        ForwardTrace trace = rec.toTrace(ids, 0);
        Tolerance weights = Tolerance.perRoutedScale(WEIGHT_TOLERANCE_PER_SCALE, model.config().routedScalingFactor());

        List<Quantity> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        out.add(values("hidden.0", trace.all(EmbedStep.class).get(0).embeddings().values(), expected, "expected.hidden.0"));
        for (int j = 1; j < l; j++) {
            int layer = j - 1;
            FloatTensor h = trace.at(BlockOutputStep.class, layer).orElseThrow().output();
            out.add(values("hidden." + j, h.values(), expected, "expected.hidden." + j));
        }
        OutputStep head = trace.head(0).orElseThrow();
        out.add(values("hidden." + l, head.normed().values(), expected, "expected.hidden." + l));
        out.add(values("logits", Tensors.floats(main.logits()), expected, "expected.logits"));
        for (int layer = 0; layer < l; layer++) {
            String key = "expected.route.layer" + layer;
            if (expected.tensors().containsKey(key + ".experts")) {
                out.addAll(routes("route.layer" + layer, trace.at(RouterStep.class, layer).orElseThrow(), expected, key, weights));
            } else if (model.config().isMoeLayer(layer)) {
                missing.add("route.layer" + layer);
            }
        }
        for (int k = 0; k < mtpLogits.size(); k++) {
            int rows = ids.length - k - 1;
            String key = "expected.mtp." + k + ".logits";
            if (expected.tensors().containsKey(key)) {
                int vocab = model.config().vocabSize();
                float[] ours = Arrays.copyOf(Tensors.floats(mtpLogits.get(k)), rows * vocab);
                out.add(values("mtp." + k + ".logits", ours, expected, key));
            } else {
                missing.add("mtp." + k + ".logits");
            }
            String route = "expected.route.mtp" + k;
            if (expected.tensors().containsKey(route + ".experts")) {
                out.addAll(routes("route.mtp" + k, trace.at(RouterStep.class, l + k).orElseThrow(), expected, route, weights));
            } else if (model.config().isMoeLayer(l + k)) {
                missing.add("route.mtp" + k);
            }
        }
        if (expected.tensors().containsKey("expected.greedy_ids")) {
            int[] want = expected.readInts("expected.greedy_ids");
            int[] got = new Generator(model, mode).generate(Arrays.copyOf(ids, GREEDY_PROMPT),
                    want.length - GREEDY_PROMPT, SamplingOptions.GREEDY);
            int differ = 0;
            for (int i = 0; i < want.length; i++) {
                differ += (i < got.length && got[i] == want[i]) ? 0 : 1;
            }
            out.add(new Quantity("greedy_ids (tokens differing)", differ, Tolerance.EXACT));
        } else {
            missing.add("greedy_ids");
        }
        main.close();
        mtpLogits.forEach(INDArray::close);
        return new Result(out, missing);
    }

    /** The MTP module (0-based) whose output an expected key holds; -1 for the main model's. */
    private static int mtpModuleOf(String key) {
        Matcher m = MTP_KEY.matcher(key);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static Quantity values(String name, float[] ours, SafeTensorsFile expected, String key) {
        float[] ref = expected.readFloats(key);
        if (ref.length != ours.length) {
            throw new ModelException(expected.path() + ": \"" + key + "\" has " + ref.length + " values, the model produced "
                    + ours.length + "; does the expected file belong to this checkpoint?");
        }
        double max = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs((double) ours[i] - ref[i]);
            max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
        }
        return new Quantity(name, max, Tolerance.absolute(VALUE_TOLERANCE));
    }

    /** Expert sets must be identical per token; weights are compared expert by expert. */
    private static List<Quantity> routes(String name, RouterStep step, SafeTensorsFile expected, String key, Tolerance weights) {
        TensorInfo info = expected.info(key + ".experts");
        int rows = (int) info.shape()[0];
        int k = (int) info.shape()[1];
        int[] refExperts = expected.readInts(key + ".experts");
        float[] refWeights = expected.readFloats(key + ".weights");
        int[][] ours = step.experts();
        FloatTensor ourWeights = step.weights();
        int differentSets = 0;
        double maxWeightError = 0;
        for (int t = 0; t < rows; t++) {
            for (int j = 0; j < k; j++) {
                int expert = refExperts[t * k + j];
                int at = indexOf(ours[t], expert);
                if (at < 0) {
                    differentSets++;
                    break;
                }
                maxWeightError = Math.max(maxWeightError, Math.abs(ourWeights.get(t, at) - refWeights[t * k + j]));
            }
        }
        return List.of(new Quantity(name + ".experts (tokens differing)", differentSets, Tolerance.EXACT),
                new Quantity(name + ".weights", maxWeightError, weights));
    }

    private static int indexOf(int[] row, int value) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
