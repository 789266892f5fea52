package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.count.KvCacheCounter;
import dev.dsv3viz.model.trace.AttentionStep;
import dev.dsv3viz.model.trace.BlockOutputStep;
import dev.dsv3viz.model.trace.EmbedStep;
import dev.dsv3viz.model.trace.ExpertsStep;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.MlpStep;
import dev.dsv3viz.model.trace.MtpInputStep;
import dev.dsv3viz.model.trace.OutputStep;
import dev.dsv3viz.model.trace.RouterStep;
import dev.dsv3viz.views.AttentionView;
import dev.dsv3viz.views.CombineView;
import dev.dsv3viz.views.EmbeddingView;
import dev.dsv3viz.views.ExpertsView;
import dev.dsv3viz.views.Format;
import dev.dsv3viz.views.Messages;
import dev.dsv3viz.views.MlaView;
import dev.dsv3viz.views.MlpView;
import dev.dsv3viz.views.MtpView;
import dev.dsv3viz.views.OutputView;
import dev.dsv3viz.views.RopeView;
import dev.dsv3viz.views.RouterView;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The centre of the window: the one view that explains the current step, fed from the session's frame.
 * This is where trace records are picked apart for the views; the views never see the session.
 */
public final class StepStage extends StackPane {
    private final TokenNames names;
    /** Said in place of a view when the step cannot be drawn. */
    private final Label failure = new Label();
    /** The views holding {@link #pass}'s numbers, by their class, each made when first needed. */
    private final Map<Class<? extends Node>, Node> views = new HashMap<>();
    /** The pass (and model) the views were made for: another one gets new views, never a mix. */
    private ForwardTrace pass;
    private ModelConfig config;
    private PassStep shown;

    /** Readable token pieces for the views. */
    public interface TokenNames {
        String of(int id);
    }

    public StepStage(TokenNames names) {
        this.names = names;
        getStyleClass().add("step-stage");
        // Focusable so that the keyboard drives the steps as soon as a pass is shown.
        setFocusTraversable(true);
        setOnMouseClicked(e -> requestFocus());
        failure.getStyleClass().add("step-failure");
        failure.setId("step-failure");
        failure.setWrapText(true);
        failure.setMaxWidth(640);
        getChildren().add(failure);
        showOnly(null);
    }

    /** The router view of the shown pass, or null before a router step of it was shown. */
    public RouterView router() {
        return (RouterView) views.get(RouterView.class);
    }

    /** The experts view of the shown pass, or null before an experts step of it was shown. */
    public ExpertsView experts() {
        return (ExpertsView) views.get(ExpertsView.class);
    }

    /** The view currently on the stage (the failure notice when the step could not be drawn). */
    public Node current() {
        return getChildren().stream().filter(Node::isVisible).findFirst().orElse(null);
    }

    /** The pass the stage's views were drawn from, or null when none is shown. */
    ForwardTrace shownPass() {
        return pass;
    }

    /** Whether the stage shows the failure notice rather than a step. */
    boolean showsFailure() {
        return failure.isVisible();
    }

    /**
     * Shows the frame's step. A pass other than the one shown (a new prompt, a generated token's, another
     * model's) gets views of its own, made new: a view never draws one pass's labels over another's
     * numbers. If the step cannot be drawn, the views are dropped and the exception passes on.
     */
    public void show(SessionModel session) {
        SessionModel.Frame f = session.frame();
        if (f.pass() != pass || session.config() != config) {
            discard();
            pass = f.pass();
            config = session.config();
        }
        boolean moved = !f.step().equals(shown);
        shown = f.step();
        try {
            showOnly(draw(session, moved));
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Draws the frame's step on its view and returns the view. */
    private Node draw(SessionModel session, boolean moved) {
        SessionModel.Frame f = session.frame();
        PassStep step = f.step();
        ModelConfig c = session.config();
        ForwardTrace pass = f.pass();
        int t = f.row();
        int head = Math.min(f.head(), c.numAttentionHeads() - 1);
        return switch (step.kind()) {
            case EMBEDDING -> {
                EmbedStep e = pass.all(EmbedStep.class).get(0);
                int id = e.tokens()[t];
                float[][] rows = new float[e.tokens().length][];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = e.embeddings().row(i);
                }
                EmbeddingView embedding = view(EmbeddingView.class, EmbeddingView::new);
                embedding.show(names.of(id), id, f.position(), rows, t, pass.startPosition(), c.vocabSize());
                yield embedding;
            }
            case ATTENTION_QUERY, ATTENTION_LATENT, ATTENTION_OUTPUT -> {
                AttentionStep a = pass.at(AttentionStep.class, step.layer()).orElseThrow();
                KvCacheCounter kv = KvCacheCounter.of(c);
                MlaView.Focus focus = step.kind() == StepKind.ATTENTION_QUERY ? MlaView.Focus.QUERY
                        : step.kind() == StepKind.ATTENTION_LATENT ? MlaView.Focus.LATENT : MlaView.Focus.OUTPUT;
                MlaView mla = view(MlaView.class, MlaView::new);
                mla.show(a, t, head, focus, f.position() + 1, Math.max(f.length(), 8), kv.mlaPerTokenPerLayer(),
                        kv.mhaPerTokenPerLayer());
                yield mla;
            }
            case ATTENTION_ROPE -> {
                AttentionStep a = pass.at(AttentionStep.class, step.layer()).orElseThrow();
                RopeView rope = view(RopeView.class, RopeView::new);
                rope.show(a, t, head, f.position(), c.ropeInterleave(), moved);
                yield rope;
            }
            case ATTENTION_SCORES -> {
                AttentionStep a = pass.at(AttentionStep.class, step.layer()).orElseThrow();
                int[] sequence = session.sequence();
                String[] keys = new String[a.attentionWeights().dim(2)];
                for (int j = 0; j < keys.length; j++) {
                    keys[j] = names.of(sequence[j]);
                }
                AttentionView attention = view(AttentionView.class, AttentionView::new);
                attention.show(a, t, head, modeLine(session, a), labels(pass.tokens()), keys);
                yield attention;
            }
            case MLP -> {
                MlpStep m = pass.at(MlpStep.class, step.layer()).orElseThrow();
                MlpView mlp = view(MlpView.class, MlpView::new);
                mlp.show(m.normedInput().row(t), m.activation().row(t), m.output().row(t));
                yield mlp;
            }
            case ROUTER_AFFINITIES, ROUTER_BIAS, ROUTER_GROUPS, ROUTER_TOP_K -> {
                RouterStep r = pass.at(RouterStep.class, step.layer()).orElseThrow();
                RouterView.Phase phase = RouterView.Phase.values()[step.kind().ordinal() - StepKind.ROUTER_AFFINITIES.ordinal()];
                RouterView router = view(RouterView.class, RouterView::new);
                router.show(r, t, phase, c.nSharedExperts());
                yield router;
            }
            case EXPERTS -> showExperts(pass.at(RouterStep.class, step.layer()).orElseThrow(), t, c, pass.startPosition(),
                    labels(pass.tokens()));
            case COMBINE -> {
                ExpertsStep x = pass.at(ExpertsStep.class, step.layer()).orElseThrow();
                BlockOutputStep b = pass.at(BlockOutputStep.class, step.layer()).orElseThrow();
                CombineView combine = view(CombineView.class, CombineView::new);
                combine.show(x, t, b.output().row(t));
                yield combine;
            }
            case MTP_INPUT -> showMtp(session, pass, t, step.depth());
            case HEAD -> showHead(session, pass, t, step.depth());
        };
    }

    /** Says, in place of the step, that it could not be drawn; the next step shown gets new views. */
    void showFailure(String text) {
        discard();
        failure.setText(text);
        showOnly(failure);
    }

    /** Drops the views and what they were drawn from: the next {@link #show} draws with new ones. */
    void discard() {
        getChildren().setAll(failure);
        views.clear();
        pass = null;
        config = null;
        shown = null;
    }

    private void showOnly(Node view) {
        for (Node n : getChildren()) {
            n.setVisible(n == view);
        }
    }

    /** The view of the given class for the shown pass, made and put on the stage the first time. */
    private <V extends Node> V view(Class<V> type, Supplier<V> make) {
        return type.cast(views.computeIfAbsent(type, k -> {
            V v = make.get();
            v.setVisible(false);
            getChildren().add(v);
            return v;
        }));
    }

    private static String modeLine(SessionModel session, AttentionStep a) {
        String form = Messages.get(a.absorbed() ? "attention.absorbed" : "attention.naive");
        double d = session.otherModeDifference();
        return Double.isNaN(d) ? form : Messages.get("attention.mode", form, Format.value(d), Format.value(a.softmaxScale()));
    }

    private String[] labels(int[] tokens) {
        String[] out = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = names.of(tokens[i]);
        }
        return out;
    }

    private ExpertsView showExperts(RouterStep r, int t, ModelConfig c, int start, String[] tokenLabels) {
        int n = r.affinities().dim(1);
        int[][] chosen = r.experts();
        float[][] routing = new float[chosen.length][n];
        double[] load = new double[n];
        for (int i = 0; i < chosen.length; i++) {
            for (int j = 0; j < chosen[i].length; j++) {
                routing[i][chosen[i][j]] = r.weights().get(i, j);
                load[chosen[i][j]]++;
            }
        }
        ExpertsView experts = view(ExpertsView.class, ExpertsView::new);
        experts.show(chosen[t], r.weights().row(t), n, c.nGroup(), c.nSharedExperts(), routing, load, t, start, tokenLabels);
        return experts;
    }

    private MtpView showMtp(SessionModel session, ForwardTrace pass, int t, int current) {
        int[] sequence = session.sequence();
        int position = pass.startPosition() + t;
        OutputStep main = pass.head(0).orElseThrow();
        String guess0 = names.of(main.topTokens()[t][0]);
        String p0 = Format.percent(main.topProbabilities().get(t, 0));
        String mainLine = position + 1 < sequence.length
                ? Messages.get("mtp.main", guess0, p0, names.of(sequence[position + 1]))
                : Messages.get("mtp.main.unknown", guess0, p0);
        List<MtpView.Depth> depths = new ArrayList<>();
        for (MtpInputStep in : pass.all(MtpInputStep.class)) {
            int k = in.depth();
            OutputStep head = pass.head(k).orElseThrow();
            BlockOutputStep block = pass.at(BlockOutputStep.class, in.layer()).orElseThrow();
            int guess = head.topTokens()[t][0];
            int truthAt = position + k + 1;
            boolean known = truthAt < sequence.length;
            boolean drafted = t + k >= pass.tokens().length;
            depths.add(new MtpView.Depth(k, names.of(in.aheadTokens()[t]), drafted, in.hiddenNormed().row(t),
                    in.embeddingNormed().row(t), in.projected().row(t), block.output().row(t), names.of(guess),
                    head.topProbabilities().get(t, 0), known ? names.of(sequence[truthAt]) : null,
                    known && sequence[truthAt] == guess));
        }
        MtpView mtp = view(MtpView.class, MtpView::new);
        mtp.show(mainLine, depths, current);
        return mtp;
    }

    private OutputView showHead(SessionModel session, ForwardTrace pass, int t, int depth) {
        OutputStep head = pass.head(depth).orElseThrow();
        int[] top = head.topTokens()[t];
        String[] labels = new String[top.length];
        int[] sequence = session.sequence();
        int truthAt = pass.startPosition() + t + depth + 1;
        int marked = -1;
        for (int j = 0; j < top.length; j++) {
            labels[j] = names.of(top[j]) + "  #" + top[j];
            if (truthAt < sequence.length && sequence[truthAt] == top[j]) {
                marked = j;
            }
        }
        String title = Messages.get("output.top", top.length, depth + 1);
        OutputView output = view(OutputView.class, OutputView::new);
        output.show(Messages.get(depth == 0 ? "output.normed" : "output.normed.mtp", depth), head.normed().row(t),
                head.logits().row(t), title, labels, head.topProbabilities().row(t), marked);
        return output;
    }
}
