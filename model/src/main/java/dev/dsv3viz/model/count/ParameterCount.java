package dev.dsv3viz.model.count;

import java.util.List;

/**
 * A model's parameters, term by term. The main model and the MTP modules are kept apart, as DeepSeek
 * reports them ("671B" is the main model; the MTP module adds 11.6B of its own).
 *
 * @param parts every counted component, main model first, then MTP
 * @param mtpSharedPerModule parameters an MTP module uses but shares with the main model (its embedding
 *                           and output head), counted in {@link #mtpActivated()} but not in
 *                           {@link #mtpUnique()}
 */
public record ParameterCount(List<ParameterPart> parts, long mtpSharedPerModule, int mtpModules) {
    public ParameterCount {
        parts = List.copyOf(parts);
    }

    /** Parameters of the main model (MTP modules excluded). */
    public long total() {
        return sum(false, false);
    }

    /** Parameters one token computes with in the main model: all but the routed experts it was not sent to. */
    public long activated() {
        return sum(false, true);
    }

    /** Parameters the MTP modules add to the checkpoint, their copies of the embedding and head aside. */
    public long mtpUnique() {
        return sum(true, false);
    }

    /** Parameters one token computes with across the MTP modules, their shared embedding and head included. */
    public long mtpActivated() {
        return Math.addExact(sum(true, true), Math.multiplyExact(mtpSharedPerModule, mtpModules));
    }

    /** Total of one part's name within one kind of layer, 0 when absent. */
    public long totalOf(String component, LayerKind kind) {
        return parts.stream().filter(p -> p.component().equals(component) && p.kind() == kind)
                .mapToLong(ParameterPart::total).sum();
    }

    private long sum(boolean mtp, boolean activatedOnly) {
        long s = 0;
        for (ParameterPart p : parts) {
            if ((p.kind() == LayerKind.MTP) == mtp) {
                s = Math.addExact(s, activatedOnly ? p.activated() : p.total());
            }
        }
        return s;
    }
}
