package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.count.CacheDType;
import dev.dsv3viz.model.count.KvCacheCounter;
import dev.dsv3viz.model.count.ParameterCount;
import dev.dsv3viz.model.count.ParameterCounter;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.RouterStep;
import dev.dsv3viz.views.CounterFigures;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The counters' figures for the selected token: exact arithmetic on the configs, fed with the experts
 * the recorded passes actually chose (in the main model's MoE layers; the MTP modules are counted apart
 * by {@code count}).
 */
public final class Counters {
    /** The element type the byte figures assume: how DeepSeek-V3 serves its cache. */
    public static final CacheDType DTYPE = CacheDType.BF16;

    private Counters() {
    }

    public static CounterFigures figures(SessionModel session, String presetName, ModelConfig preset) {
        SessionModel.Frame f = session.frame();
        ModelConfig c = session.config();
        ParameterCount count = ParameterCounter.count(c);
        ParameterCount presetCount = ParameterCounter.count(preset);
        int tokens = f.position() + 1;
        List<Set<Integer>> thisToken = chosenPerMoeLayer(c, List.of(f.pass()), f.position(), f.position());
        List<Set<Integer>> soFar = chosenPerMoeLayer(c, session.passes(), 0, f.position());
        KvCacheCounter kv = KvCacheCounter.of(c);
        KvCacheCounter presetKv = KvCacheCounter.of(preset);
        return new CounterFigures(session.modelName(), ParameterCounter.touched(c, sizes(thisToken)), count.total(),
                ParameterCounter.touched(c, sizes(soFar)), tokens, presetName, presetCount.activated(),
                presetCount.total(), kv.mlaBytes(tokens, DTYPE), kv.mhaBytes(tokens, DTYPE),
                presetKv.mlaBytes(tokens, DTYPE), presetKv.mhaBytes(tokens, DTYPE), DTYPE.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The distinct routed experts chosen in each main-model MoE layer by the tokens at sequence positions
     * {@code from..to} (inclusive) of the given passes.
     */
    static List<Set<Integer>> chosenPerMoeLayer(ModelConfig c, List<ForwardTrace> passes, int from, int to) {
        List<Set<Integer>> sets = new ArrayList<>();
        for (int layer = 0; layer < c.numHiddenLayers(); layer++) {
            if (c.isMoeLayer(layer)) {
                sets.add(new HashSet<>());
            }
        }
        for (ForwardTrace pass : passes) {
            int moe = 0;
            for (RouterStep r : pass.all(RouterStep.class)) {
                if (r.layer() >= c.numHiddenLayers()) {
                    continue;
                }
                int[][] experts = r.experts();
                for (int i = 0; i < experts.length; i++) {
                    int position = pass.startPosition() + i;
                    if (position >= from && position <= to) {
                        for (int e : experts[i]) {
                            sets.get(moe).add(e);
                        }
                    }
                }
                moe++;
            }
        }
        return sets;
    }

    private static int[] sizes(List<Set<Integer>> sets) {
        return sets.stream().mapToInt(Set::size).toArray();
    }
}
