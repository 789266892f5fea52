package dev.dsv3viz.model.count;

/**
 * One line of a parameter breakdown: a component, repeated over some layers.
 *
 * @param component          e.g. {@code attention.kv_b_proj} or {@code routed experts}
 * @param kind               the kind of layer it belongs to
 * @param perLayer           parameters in one layer (or once, for {@link LayerKind#MODEL})
 * @param layers             how many layers have it
 * @param activatedPerLayer  parameters of one layer a single token computes with
 */
public record ParameterPart(String component, LayerKind kind, long perLayer, int layers, long activatedPerLayer) {
    public long total() {
        return Math.multiplyExact(perLayer, layers);
    }

    public long activated() {
        return Math.multiplyExact(activatedPerLayer, layers);
    }
}
