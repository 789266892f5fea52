package dev.dsv3viz.model.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.model.ModelException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training run's {@code training-log.json} as written by {@link TrainingRun}: the hyperparameters
 * and, every few steps, the losses and each MoE layer's per-expert load and bias.
 *
 * @param hyperparameters batch, length, learning_rate, gamma, ...
 * @param entries         the logged steps, in order
 */
public record TrainingLog(Map<String, Double> hyperparameters, List<Entry> entries) {
    private static final long MAX_BYTES = 256L << 20;

    /**
     * One logged step.
     *
     * @param losses "loss" (the total), "ce.0" (main head), "ce.1".. (MTP depths), "balance"
     * @param layers per MoE layer (numbered as in the checkpoint), the tokens each expert received in the
     *               step's batch and the bias after the step
     */
    public record Entry(int step, long tokens, double tokensPerSecond, Map<String, Double> losses,
                        Map<Integer, Layer> layers) {
        public Entry {
            losses = Map.copyOf(losses);
            layers = Map.copyOf(layers);
        }
    }

    /** One MoE layer at one logged step. */
    public record Layer(int[] load, float[] bias) {
        public Layer {
            load = load.clone();
            bias = bias.clone();
        }

        @Override
        public int[] load() {
            return load.clone();
        }

        @Override
        public float[] bias() {
            return bias.clone();
        }

        public LoadSpread spread() {
            return LoadSpread.of(load);
        }
    }

    public TrainingLog {
        hyperparameters = Map.copyOf(hyperparameters);
        entries = List.copyOf(entries);
    }

    /** The bias update speed the run used (0: balancing off). */
    public double gamma() {
        return hyperparameters.getOrDefault("gamma", Double.NaN);
    }

    /** The MoE layers the log covers, in order. */
    public List<Integer> layers() {
        return entries.isEmpty() ? List.of() : new ArrayList<>(new TreeMap<>(entries.get(0).layers()).keySet());
    }

    /** The loss names the log has, in a stable order: loss, ce.0, ce.1, ..., balance. */
    public List<String> lossNames() {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(new TreeMap<>(entries.get(0).losses()).keySet());
        names.sort((a, b) -> rank(a) != rank(b) ? Integer.compare(rank(a), rank(b)) : a.compareTo(b));
        return names;
    }

    private static int rank(String name) {
        return name.equals("loss") ? 0 : name.startsWith("ce.") ? 1 : 2;
    }

    public static TrainingLog read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ModelException(file + " is larger than a training log can be (256 MiB).");
            }
            return parse(new ObjectMapper().readTree(file.toFile()), file.getFileName().toString());
        } catch (JsonProcessingException e) {
            throw new ModelException(file.getFileName() + " is not valid JSON: " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new ModelException(file.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    static TrainingLog parse(JsonNode root, String name) {
        if (root == null || !root.isObject() || !(root.get("steps") instanceof com.fasterxml.jackson.databind.node.ArrayNode steps)) {
            throw new ModelException(name + " is not a training log: it has no \"steps\" list.");
        }
        Map<String, Double> hyper = new LinkedHashMap<>();
        JsonNode h = root.get("hyperparameters");
        if (h != null && h.isObject()) {
            h.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    hyper.put(e.getKey(), e.getValue().asDouble());
                }
            });
        }
        List<Entry> entries = new ArrayList<>();
        int experts = -1;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            String where = name + ", entry " + (i + 1);
            if (!s.isObject() || !s.path("step").canConvertToInt()) {
                throw new ModelException(where + " has no whole-number \"step\".");
            }
            Map<String, Double> losses = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if ((f.getKey().equals("loss") || f.getKey().equals("balance") || f.getKey().startsWith("ce."))
                        && f.getValue().isNumber()) {
                    losses.put(f.getKey(), f.getValue().asDouble());
                }
            }
            Map<Integer, Layer> layers = new LinkedHashMap<>();
            JsonNode ls = s.path("layers");
            for (Iterator<Map.Entry<String, JsonNode>> it = ls.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                int layer;
                try {
                    layer = Integer.parseInt(f.getKey());
                } catch (NumberFormatException e) {
                    throw new ModelException(where + ": layer \"" + f.getKey() + "\" is not a number.");
                }
                JsonNode load = f.getValue().path("load");
                JsonNode bias = f.getValue().path("bias");
                if (!load.isArray() || !bias.isArray() || load.size() != bias.size() || load.isEmpty()) {
                    throw new ModelException(where + ", layer " + layer + ": \"load\" and \"bias\" must be lists of the same length.");
                }
                if (experts >= 0 && load.size() != experts) {
                    throw new ModelException(where + ", layer " + layer + " has " + load.size() + " experts, earlier entries "
                            + experts + ".");
                }
                experts = load.size();
                int[] l = new int[load.size()];
                float[] b = new float[bias.size()];
                for (int e = 0; e < l.length; e++) {
                    if (!load.get(e).canConvertToInt() || load.get(e).asInt() < 0 || !bias.get(e).isNumber()) {
                        throw new ModelException(where + ", layer " + layer + ", expert " + e + ": a load must be a count "
                                + "and a bias a number.");
                    }
                    l[e] = load.get(e).asInt();
                    b[e] = (float) bias.get(e).asDouble();
                }
                layers.put(layer, new Layer(l, b));
            }
            entries.add(new Entry(s.get("step").asInt(), s.path("tokens").asLong(), s.path("tokens_per_second").asDouble(),
                    losses, layers));
        }
        return new TrainingLog(hyper, entries);
    }
}
