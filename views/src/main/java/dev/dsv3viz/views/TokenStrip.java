package dev.dsv3viz.views;

import javafx.beans.InvalidationListener;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The sequence as token chips (readable piece and id; generated tokens marked), the selected position
 * outlined, and for it the next-token top-5 and the MTP modules' ghost guesses further ahead, marked
 * right or wrong where the true token is known. Clicking a chip selects its position.
 */
public final class TokenStrip extends VBox {
    static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    static final PseudoClass GENERATED = PseudoClass.getPseudoClass("generated");
    static final PseudoClass RIGHT = PseudoClass.getPseudoClass("right");
    static final PseudoClass WRONG = PseudoClass.getPseudoClass("wrong");

    /** One token of the sequence. */
    public record Chip(String piece, int id, boolean generated) {
    }

    /**
     * A guess for a later token.
     *
     * @param ahead   how many places after the selected one it guesses (1: the next token)
     * @param truth   the token that is really there, or null when unknown
     */
    public record Guess(int ahead, String piece, float probability, String truth, boolean correct) {
    }

    private final HBox chips = new HBox(4);
    private final ScrollPane scroller = new ScrollPane(chips);
    private final HBox guesses = new HBox(10);
    private final List<Label> chipLabels = new ArrayList<>();
    private List<Chip> shown = List.of();
    /** One tooltip for every chip, its text set as the mouse enters one: a tooltip each cost more than the chips. */
    private final Tooltip chipTip = new Tooltip();
    private IntConsumer onSelect = i -> { };
    /** The selected token's chip, kept in view whenever the strip or the chip is laid out anew. */
    private Label selectedChip;
    private final InvalidationListener keepSelectedInView = o -> scrollTo(selectedChip);

    public TokenStrip() {
        getStyleClass().add("token-strip");
        chips.getStyleClass().add("token-chips");
        guesses.getStyleClass().add("token-guesses");
        scroller.setFitToHeight(true);
        scroller.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        // Always there, so that the strip's height counts it: a bar that appears only for long prompts
        // would take its height from the chips and cut their ids off.
        scroller.setHbarPolicy(ScrollPane.ScrollBarPolicy.ALWAYS);
        scroller.getStyleClass().add("token-scroller");
        // A new sequence's chips get their sizes and places a layout pass after show(): follow them.
        // (The viewport's width only: its bounds also move as the user scrolls, who must be let.)
        chips.widthProperty().addListener(keepSelectedInView);
        scroller.viewportBoundsProperty().addListener((o, was, now) -> {
            if (was == null || was.getWidth() != now.getWidth()) {
                scrollTo(selectedChip);
            }
        });
        setSpacing(6);
        getChildren().addAll(scroller, guesses);
    }

    public void setOnSelect(IntConsumer onSelect) {
        this.onSelect = onSelect;
    }

    /**
     * @param next  the top next-token guesses for the selected position (ahead = 1)
     * @param ghost the MTP modules' guesses further ahead (ahead = 2, 3, ...)
     */
    public void show(List<Chip> sequence, int selected, List<Guess> next, List<Guess> ghost) {
        if (!sequence.equals(shown)) {
            // Rebuilt only when the sequence changes, and only extended when tokens were appended:
            // moving the selection just moves the outline.
            boolean extended = sequence.size() > shown.size() && sequence.subList(0, shown.size()).equals(shown);
            if (!extended) {
                chipLabels.clear();
                chips.getChildren().clear();
            }
            for (int i = chipLabels.size(); i < sequence.size(); i++) {
                Chip c = sequence.get(i);
                // Without a tokenizer the piece is the id itself: say it once.
                Label chip = new Label(c.piece().equals("#" + c.id()) ? c.piece() : c.piece() + "\n" + c.id());
                chip.getStyleClass().add("token-chip");
                chip.pseudoClassStateChanged(GENERATED, c.generated());
                int position = i;
                chip.setOnMouseEntered(e -> chipTip.setText(Messages.get(c.generated() ? "tip.token.generated" : "tip.token",
                        position, c.piece(), c.id())));
                Tooltip.install(chip, chipTip);
                chip.setOnMouseClicked(e -> onSelect.accept(position));
                chipLabels.add(chip);
                chips.getChildren().add(chip);
            }
            shown = List.copyOf(sequence);
        }
        for (int i = 0; i < chipLabels.size(); i++) {
            chipLabels.get(i).pseudoClassStateChanged(SELECTED, i == selected);
        }
        guesses.getChildren().clear();
        Label nextTitle = new Label(Messages.get("strip.next", selected));
        nextTitle.getStyleClass().add("guess-title");
        guesses.getChildren().add(nextTitle);
        for (Guess g : next) {
            guesses.getChildren().add(guessLabel(g, Messages.get("strip.guess", g.piece(), Format.percent(g.probability()))));
        }
        if (!ghost.isEmpty()) {
            Label mtpTitle = new Label(Messages.get("strip.mtp"));
            mtpTitle.getStyleClass().add("guess-title");
            guesses.getChildren().add(mtpTitle);
        }
        for (Guess g : ghost) {
            Label l = guessLabel(g, Messages.get("strip.ghost", g.ahead(), g.piece(), Format.percent(g.probability())));
            l.getStyleClass().add("ghost-token");
            guesses.getChildren().add(l);
        }
        Label chip = selected >= 0 && selected < chipLabels.size() ? chipLabels.get(selected) : null;
        if (selectedChip != null) {
            selectedChip.boundsInParentProperty().removeListener(keepSelectedInView);
        }
        selectedChip = chip;
        if (chip != null) {
            chip.boundsInParentProperty().addListener(keepSelectedInView);
        }
        scrollTo(chip);
    }

    /** Scrolls the strip so that {@code chip} sits in the middle of what is seen, as far as the ends allow. */
    private void scrollTo(Label chip) {
        double content = chips.getWidth() - scroller.getViewportBounds().getWidth();
        if (chip != null && content > 0) {
            double x = chip.getBoundsInParent().getMinX() + chip.getBoundsInParent().getWidth() / 2
                    - scroller.getViewportBounds().getWidth() / 2;
            scroller.setHvalue(Math.max(0, Math.min(1, x / content)));
        }
    }

    private static Label guessLabel(Guess g, String text) {
        Label l = new Label(text);
        l.getStyleClass().add("guess");
        boolean known = g.truth() != null;
        l.pseudoClassStateChanged(RIGHT, known && g.correct());
        l.pseudoClassStateChanged(WRONG, known && !g.correct());
        l.setTooltip(new Tooltip(known ? Messages.get(g.correct() ? "tip.guess.right" : "tip.guess.wrong", g.truth())
                : Messages.get("tip.guess.unknown")));
        return l;
    }
}
