package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.trace.ForwardTrace;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * The view-model of a session: the loaded model, the recorded passes of the prompt and of each
 * generated token, and the cursor (which token, which step, which head). Views draw from the
 * {@link Frame} it publishes; it never references a view.
 */
public final class SessionModel {
    /**
     * What is selected, with everything needed to draw it.
     *
     * @param pass      the recorded pass that holds the selected token (the prompt's, or a generated token's)
     * @param passIndex 0 for the prompt, k for the k-th generated token
     * @param steps     the walk through that pass
     * @param stepIndex the current stop in {@code steps}
     * @param row       the selected token's row within the pass
     * @param position  the selected token's position in the sequence
     * @param head      the attention head shown where a view shows one
     * @param length    tokens in the sequence so far (prompt and generated)
     */
    public record Frame(ForwardTrace pass, int passIndex, List<PassStep> steps, int stepIndex, int row, int position,
                        int head, int length) {
        public PassStep step() {
            return steps.get(stepIndex);
        }
    }

    private final ReadOnlyObjectWrapper<Frame> frame = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty head = new SimpleIntegerProperty();
    private final List<ForwardTrace> passes = new ArrayList<>();
    private final List<List<PassStep>> stepsOfPass = new ArrayList<>();
    private ModelConfig config;
    private Tokenizer tokenizer;
    private String modelName = "";
    private MlaMode mode = MlaMode.ABSORBED;
    private double otherModeDifference = Double.NaN;

    public SessionModel() {
        head.addListener((o, was, now) -> republish());
    }

    /** A new model: its passes are gone until the next run. */
    public void setModel(ModelConfig config, Tokenizer tokenizer, String name) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.modelName = name;
        passes.clear();
        stepsOfPass.clear();
        head.set(0);
        frame.set(null);
    }

    /** The pass over a new prompt; the cursor keeps its kind of step and goes to the last prompt token. */
    public void setPrompt(ModelRunner.PromptRun run, MlaMode mode) {
        int last = run.trace().tokens().length - 1;
        setPrompt(run, mode, frame.get() == null ? null : frame.get().step(), last);
    }

    /**
     * The pass over a new prompt, published once with the cursor on {@code wanted} (the same kind of step
     * where the pass lacks it) at {@code position} (the last token where the prompt is shorter).
     */
    public void setPrompt(ModelRunner.PromptRun run, MlaMode mode, PassStep wanted, int position) {
        this.mode = mode;
        this.otherModeDifference = run.otherModeMaxDifference();
        passes.clear();
        stepsOfPass.clear();
        addPass(run.trace());
        List<PassStep> steps = stepsOfPass.get(0);
        int at = Math.max(0, Math.min(run.trace().tokens().length - 1, position));
        frame.set(new Frame(run.trace(), 0, steps, wanted == null ? 0 : match(steps, wanted, 0), at, at,
                head.get(), sequenceLength()));
    }

    /**
     * Generated tokens' passes, in order, published as one change; the cursor follows them when it was
     * on the last token.
     */
    public void addGenerated(List<ForwardTrace> generated) {
        if (generated.isEmpty()) {
            return;
        }
        boolean follow = frame.get() != null && frame.get().position() == sequenceLength() - 1;
        generated.forEach(this::addPass);
        if (follow) {
            select(sequenceLength() - 1);
        } else {
            republish();
        }
    }

    private void addPass(ForwardTrace pass) {
        passes.add(pass);
        stepsOfPass.add(PassSteps.of(pass, config.numHiddenLayers()));
    }

    public ReadOnlyObjectProperty<Frame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public Frame frame() {
        return frame.get();
    }

    public IntegerProperty headProperty() {
        return head;
    }

    public ModelConfig config() {
        return config;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public String modelName() {
        return modelName;
    }

    public MlaMode mode() {
        return mode;
    }

    public double otherModeDifference() {
        return otherModeDifference;
    }

    /** Every recorded pass so far, the prompt's first. */
    public List<ForwardTrace> passes() {
        return List.copyOf(passes);
    }

    public int promptLength() {
        return passes.isEmpty() ? 0 : passes.get(0).tokens().length;
    }

    public int sequenceLength() {
        return passes.isEmpty() ? 0 : promptLength() + passes.size() - 1;
    }

    /** The whole sequence: prompt then generated tokens. */
    public int[] sequence() {
        int[] all = new int[sequenceLength()];
        int[] prompt = passes.isEmpty() ? new int[0] : passes.get(0).tokens();
        System.arraycopy(prompt, 0, all, 0, prompt.length);
        for (int k = 1; k < passes.size(); k++) {
            all[prompt.length + k - 1] = passes.get(k).tokens()[0];
        }
        return all;
    }

    /** Moves by {@code delta} steps within the pass, stopping at its ends. */
    public void step(int delta) {
        Frame f = frame.get();
        if (f != null) {
            jump(f.stepIndex() + delta);
        }
    }

    public void jump(int stepIndex) {
        Frame f = frame.get();
        if (f != null) {
            int i = Math.max(0, Math.min(f.steps().size() - 1, stepIndex));
            frame.set(new Frame(f.pass(), f.passIndex(), f.steps(), i, f.row(), f.position(), head.get(),
                    sequenceLength()));
        }
    }

    public void first() {
        jump(0);
    }

    public void last() {
        Frame f = frame.get();
        if (f != null) {
            jump(f.steps().size() - 1);
        }
    }

    /**
     * Moves to the neighbouring layer (a run of steps of one layer; the embedding and the heads count as
     * their own), on the same kind of step when that layer has one.
     */
    public void layer(int delta) {
        Frame f = frame.get();
        if (f == null) {
            return;
        }
        List<PassStep> steps = f.steps();
        int i = segmentStart(steps, f.stepIndex());
        int target;
        if (delta > 0) {
            int j = i;
            while (j < steps.size() && sameSegment(steps.get(j), steps.get(i))) {
                j++;
            }
            target = j;
        } else {
            target = i == 0 ? -1 : segmentStart(steps, i - 1);
        }
        if (target < 0 || target >= steps.size()) {
            return;
        }
        StepKind kind = f.step().kind();
        for (int j = target; j < steps.size() && sameSegment(steps.get(j), steps.get(target)); j++) {
            if (steps.get(j).kind() == kind) {
                jump(j);
                return;
            }
        }
        jump(target);
    }

    private static int segmentStart(List<PassStep> steps, int index) {
        int i = index;
        while (i > 0 && sameSegment(steps.get(i - 1), steps.get(index))) {
            i--;
        }
        return i;
    }

    private static boolean sameSegment(PassStep a, PassStep b) {
        return a.layer() == b.layer() && a.depth() == b.depth() && (a.layer() >= 0 || a.kind() == b.kind());
    }

    /** Moves the selected token by {@code delta} positions along the sequence. */
    public void moveToken(int delta) {
        Frame f = frame.get();
        if (f != null) {
            select(Math.max(0, Math.min(sequenceLength() - 1, f.position() + delta)));
        }
    }

    /** Selects the token at {@code position}, keeping the kind of step where the new pass has it. */
    public void select(int position) {
        Frame f = frame.get();
        if (f == null || position < 0 || position >= sequenceLength()) {
            return;
        }
        int passIndex = position < promptLength() ? 0 : position - promptLength() + 1;
        int row = passIndex == 0 ? position : 0;
        List<PassStep> steps = stepsOfPass.get(passIndex);
        frame.set(new Frame(passes.get(passIndex), passIndex, steps, match(steps, f.step(), f.stepIndex()), row, position,
                head.get(), sequenceLength()));
    }

    private void republish() {
        Frame f = frame.get();
        if (f != null) {
            frame.set(new Frame(f.pass(), f.passIndex(), f.steps(), f.stepIndex(), f.row(), f.position(), head.get(),
                    sequenceLength()));
        }
    }

    /** The same stop in another walk: the same kind at the same layer, else the same kind, else clamped. */
    private static int match(List<PassStep> steps, PassStep wanted, int fallback) {
        int sameKind = -1;
        for (int i = 0; i < steps.size(); i++) {
            PassStep s = steps.get(i);
            if (s.equals(wanted)) {
                return i;
            }
            if (sameKind < 0 && s.kind() == wanted.kind()) {
                sameKind = i;
            }
        }
        return sameKind >= 0 ? sameKind : Math.min(fallback, steps.size() - 1);
    }
}
