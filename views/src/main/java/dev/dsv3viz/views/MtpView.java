package dev.dsv3viz.views;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The multi-token-prediction chain for one position i: each module k joins the normalised hidden state
 * of the depth before with the normalised embedding of token t_{i+k}, projects them back to the model
 * width, runs its own block and the shared head, and guesses t_{i+k+1}; its hidden state feeds module
 * k + 1. Guesses are marked right or wrong where the true token is known.
 */
public final class MtpView extends VBox {
    static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    static final PseudoClass RIGHT = PseudoClass.getPseudoClass("right");
    static final PseudoClass WRONG = PseudoClass.getPseudoClass("wrong");

    /**
     * One module's work at the position.
     *
     * @param aheadToken  t_{i+k}, readable
     * @param drafted     whether t_{i+k} lies beyond the sequence, so the chain read a draft of it
     * @param guess       the module's best guess for t_{i+k+1}, readable
     * @param truth       the true t_{i+k+1}, or null when the sequence ends before it
     * @param correct     whether the guess equals the truth (meaningless when truth is null)
     */
    public record Depth(int depth, String aheadToken, boolean drafted, float[] hiddenNormed, float[] embeddingNormed, float[] projected,
                        float[] blockOutput, String guess, float probability, String truth, boolean correct) {
    }

    private final Label mainGuess = new Label();
    private final GridPane chain = new GridPane();

    public MtpView() {
        getStyleClass().add("mtp-view");
        mainGuess.getStyleClass().add("mtp-main");
        mainGuess.setWrapText(true);
        chain.getStyleClass().add("mtp-chain");
        chain.setHgap(14);
        chain.setVgap(8);
        for (double percent : new double[]{30, 4, 22, 22, 22}) {
            javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
            c.setPercentWidth(percent);
            chain.getColumnConstraints().add(c);
        }
        setSpacing(14);
        VBox.setVgrow(chain, Priority.ALWAYS);
        getChildren().addAll(mainGuess, chain);
    }

    /**
     * @param mainLine  what the main head guessed for t_{i+1}
     * @param current   the depth being explained (0: the whole chain at once)
     */
    public void show(String mainLine, List<Depth> depths, int current) {
        mainGuess.setText(mainLine);
        chain.getChildren().clear();
        int row = 0;
        for (Depth d : depths) {
            Label title = new Label(Messages.get("mtp.module", d.depth()));
            title.getStyleClass().add("mtp-module");
            title.pseudoClassStateChanged(CURRENT, d.depth() == current);
            VectorBox hidden = box(Messages.get("mtp.hidden", d.depth() - 1), d.hiddenNormed());
            VectorBox embedding = box(Messages.get(d.drafted() ? "mtp.embedding.drafted" : "mtp.embedding", d.depth(),
                    d.aheadToken()), d.embeddingNormed());
            VectorBox projected = box(Messages.get("mtp.projected"), d.projected());
            VectorBox block = box(Messages.get("mtp.block", d.depth()), d.blockOutput());
            Label guess = new Label(Messages.get("mtp.guess", d.depth() + 1, d.guess(), Format.percent(d.probability())));
            guess.getStyleClass().add("ghost-token");
            guess.setWrapText(true);
            guess.setAlignment(Pos.CENTER_LEFT);
            Label verdict = new Label(d.truth() == null ? Messages.get("mtp.unknown")
                    : Messages.get(d.correct() ? "mtp.right" : "mtp.wrong", d.truth()));
            verdict.getStyleClass().add("verdict");
            verdict.setWrapText(true);
            verdict.pseudoClassStateChanged(RIGHT, d.truth() != null && d.correct());
            verdict.pseudoClassStateChanged(WRONG, d.truth() != null && !d.correct());
            VBox inputs = new VBox(6, hidden, embedding);
            VBox result = new VBox(6, guess, verdict);
            chain.add(title, 0, row, 5, 1);
            chain.add(inputs, 0, row + 1);
            chain.add(arrow(), 1, row + 1);
            chain.add(projected, 2, row + 1);
            chain.add(block, 3, row + 1);
            chain.add(result, 4, row + 1);
            for (var n : List.of(inputs, projected, block)) {
                n.pseudoClassStateChanged(CURRENT, d.depth() == current);
            }
            row += 2;
        }
    }

    private static VectorBox box(String name, float[] values) {
        VectorBox b = new VectorBox();
        b.show(name, Messages.get("mla.caption", values.length), values, 1);
        return b;
    }

    private static Label arrow() {
        Label a = new Label("\u2192");
        a.getStyleClass().add("flow-arrow");
        return a;
    }
}
