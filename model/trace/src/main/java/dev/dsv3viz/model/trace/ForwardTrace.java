package dev.dsv3viz.model.trace;

import java.util.List;
import java.util.Optional;

/**
 * Everything one forward pass computed that a view may show, as immutable steps in computation order.
 *
 * @param tokens        the tokens this pass processed
 * @param startPosition position of the first of them
 * @param steps         the recorded steps, in order
 */
public record ForwardTrace(int[] tokens, int startPosition, List<TraceStep> steps) {
    public ForwardTrace {
        tokens = tokens.clone();
        steps = List.copyOf(steps);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** Every step of one kind, in order. */
    public <S extends TraceStep> List<S> all(Class<S> kind) {
        return steps.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The step of one kind at one layer, if recorded. */
    public <S extends TraceStep> Optional<S> at(Class<S> kind, int layer) {
        return all(kind).stream().filter(s -> s.layer() == layer).findFirst();
    }

    /** The prediction head of MTP depth k (0: the main head). */
    public Optional<OutputStep> head(int depth) {
        return all(OutputStep.class).stream().filter(s -> s.depth() == depth).findFirst();
    }
}
