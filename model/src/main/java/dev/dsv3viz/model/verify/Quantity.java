package dev.dsv3viz.model.verify;

/**
 * One compared quantity of a reference check.
 *
 * @param name      e.g. {@code logits} or {@code route.layer1.experts}
 * @param error     max |ours - reference| (for expert sets: the number of tokens whose set differs)
 * @param tolerance the largest error that passes, and its rule
 */
public record Quantity(String name, double error, Tolerance tolerance) {
    public boolean passed() {
        return error <= tolerance.limit();
    }
}
