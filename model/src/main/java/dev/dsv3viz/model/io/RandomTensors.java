package dev.dsv3viz.model.io;

import dev.dsv3viz.model.config.ModelConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Randomly initialised weights for a config, under the same names and shapes a checkpoint would have:
 * projections ~ N(0, std), norm gains 1, router biases 0. Each tensor's values depend only on the seed
 * and its name, so a model built from them is reproducible.
 */
public final class RandomTensors implements TensorSource {
    private final Map<String, long[]> shapes;
    private final long seed;
    private final double std;

    public RandomTensors(ModelConfig config, long seed, double std) {
        this.shapes = new LinkedHashMap<>(CheckpointLoader.expectedTensors(config));
        this.seed = seed;
        this.std = std;
    }

    @Override
    public Set<String> names() {
        return shapes.keySet();
    }

    @Override
    public long[] shape(String name) {
        return shapes.get(name).clone();
    }

    @Override
    public float[] floats(String name) {
        long n = 1;
        for (long d : shapes.get(name)) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        if (name.endsWith("norm.weight")) {
            java.util.Arrays.fill(v, 1f);
        } else if (!name.endsWith("e_score_correction_bias")) {
            Random r = new Random(new SplittableRandom(seed ^ name.hashCode()).nextLong());
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * std);
            }
        }
        return v;
    }
}
