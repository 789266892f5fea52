package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.views.Messages;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.control.skin.TreeCellSkin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

import java.util.List;

/**
 * The pipeline on the left: tokens and embedding, each layer with its attention and feed-forward steps,
 * the final norm and head, and each MTP module. Selecting an entry jumps there; the current step is
 * selected as the cursor moves. It is never narrower than its widest entry, so that no entry is cut off.
 */
public final class PipelineOutline extends TreeView<PipelineOutline.Entry> {
    /** A row of the outline: a step, or a group heading standing for its first step. */
    public record Entry(String text, PassStep step, boolean group) {
    }

    private final SessionModel session;
    private List<PassStep> built;
    private boolean syncing;
    /** The widest row's width as the rows are drawn, for the entries and font it was measured with (none yet: 0). */
    private double widestRow;
    private List<PassStep> measured;
    private Font measuredFont;
    private final javafx.beans.value.ChangeListener<SessionModel.Frame> onFrame = (o, was, f) -> sync();

    public PipelineOutline(SessionModel session) {
        this.session = session;
        getStyleClass().add("pipeline-outline");
        setShowRoot(false);
        setRoot(new TreeItem<>(new Entry("", null, true)));
        setCellFactory(v -> new TreeCell<>() {
            @Override
            protected void updateItem(Entry item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.text());
                getStyleClass().remove("outline-group");
                if (!empty && item != null && item.group()) {
                    getStyleClass().add("outline-group");
                }
            }
        });
        getSelectionModel().selectedItemProperty().addListener((o, was, item) -> {
            if (!syncing && item != null && session.frame() != null) {
                // A generated token's pass has no MTP steps: those rows then lead nowhere.
                int index = session.frame().steps().indexOf(item.getValue().step());
                if (index >= 0) {
                    session.jump(index);
                }
            }
        });
        session.frameProperty().addListener(onFrame);
        // A window built in another language starts on the pass already shown.
        sync();
    }

    @Override
    protected double computeMinWidth(double height) {
        double scrollBar = lookupAll(".scroll-bar").stream()
                .filter(n -> n instanceof ScrollBar b && b.getOrientation() == Orientation.VERTICAL)
                .mapToDouble(n -> n.prefWidth(-1)).findFirst().orElse(0);
        return Math.max(super.computeMinWidth(height), widestRow == 0 ? 0
                : Math.ceil(snappedLeftInset() + widestRow + scrollBar + snappedRightInset()));
    }

    /** Measures the rows once they can be (a row has been laid out) and again for other entries or type. */
    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (lookup(".tree-cell") instanceof TreeCell<?> cell && cell.getSkin() instanceof TreeCellSkin<?> skin) {
            // Rows are drawn in one family and size, in bold for groups.
            Font font = Font.font(cell.getFont().getFamily(), FontWeight.NORMAL, cell.getFont().getSize());
            if (measured == built && font.equals(measuredFont)) {
                return;
            }
            measured = built;
            measuredFont = font;
            widestRow = widestRow(cell, font, skin.getIndent());
            // The split pane around the outline gives it this minimum on its next layout.
            Platform.runLater(this::requestLayout);
        }
    }

    /** What the widest entry needs, laid out as {@link TreeCellSkin} lays a row out: text, indent and arrow. */
    private double widestRow(TreeCell<?> cell, Font plain, double indent) {
        Font bold = Font.font(plain.getFamily(), FontWeight.BOLD, plain.getSize());
        Text probe = new Text();
        double widest = 0;
        for (TreeItem<Entry> top : getRoot().getChildren()) {
            widest = Math.max(widest, textWidth(probe, top.getValue().text(), top.getValue().group() ? bold : plain));
            for (TreeItem<Entry> leaf : top.getChildren()) {
                widest = Math.max(widest, indent + textWidth(probe, leaf.getValue().text(), plain));
            }
        }
        Node arrow = cell.getDisclosureNode();
        return cell.snappedLeftInset() + (arrow == null ? 0 : arrow.prefWidth(-1)) + widest + cell.snappedRightInset();
    }

    private static double textWidth(Text probe, String text, Font font) {
        probe.setFont(font);
        probe.setText(text);
        return probe.getLayoutBounds().getWidth();
    }

    /** Stops following the session (the window is being replaced). */
    public void dispose() {
        session.frameProperty().removeListener(onFrame);
    }

    private void sync() {
        SessionModel.Frame f = session.frame();
        if (f == null) {
            getRoot().getChildren().clear();
            built = null;
            return;
        }
        if (built == null || !built.containsAll(f.steps())) {
            // Every pass of one model walks a subset of the prompt's steps (a generated token's has no MTP):
            // keep the tree, and its expanded groups, until the model changes.
            build(f.steps(), session.config());
        }
        syncing = true;
        try {
            TreeItem<Entry> item = find(getRoot(), f.step());
            if (item != null) {
                item.getParent().setExpanded(true);
                getSelectionModel().select(item);
                int row = getRow(item);
                if (row >= 0) {
                    scrollTo(Math.max(0, row - 4));
                }
            }
        } finally {
            syncing = false;
        }
    }

    private static TreeItem<Entry> find(TreeItem<Entry> parent, PassStep step) {
        for (TreeItem<Entry> group : parent.getChildren()) {
            if (group.isLeaf() && step.equals(group.getValue().step())) {
                return group;
            }
            for (TreeItem<Entry> leaf : group.getChildren()) {
                if (step.equals(leaf.getValue().step())) {
                    return leaf;
                }
            }
        }
        return null;
    }

    private void build(List<PassStep> steps, ModelConfig c) {
        built = steps;
        getRoot().getChildren().clear();
        TreeItem<Entry> group = null;
        PassStep groupStep = null;
        for (int i = 0; i < steps.size(); i++) {
            PassStep s = steps.get(i);
            String text = Messages.get("outline." + s.kind().key());
            if (s.layer() < 0 && s.depth() == 0) {
                getRoot().getChildren().add(new TreeItem<>(new Entry(text, s, false)));
                group = null;
                continue;
            }
            boolean sameGroup = groupStep != null && groupStep.depth() == s.depth()
                    && (s.depth() > 0 || groupStep.layer() == s.layer());
            if (group == null || !sameGroup) {
                String heading = s.depth() > 0 ? Messages.get("outline.mtp", s.depth())
                        : Messages.get(c.isMoeLayer(s.layer()) ? "outline.layer.moe" : "outline.layer.dense", s.layer());
                group = new TreeItem<>(new Entry(heading, s, true));
                groupStep = s;
                getRoot().getChildren().add(group);
            }
            group.getChildren().add(new TreeItem<>(new Entry(text, s, false)));
        }
    }
}
