package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.views.Messages;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

import java.util.List;

/**
 * The pipeline on the left: tokens and embedding, each layer with its attention and feed-forward steps,
 * the final norm and head, and each MTP module. Selecting an entry jumps there; the current step is
 * selected as the cursor moves.
 */
public final class PipelineOutline extends TreeView<PipelineOutline.Entry> {
    /** A row of the outline: a step, or a group heading standing for its first step. */
    public record Entry(String text, PassStep step, boolean group) {
    }

    private final SessionModel session;
    private List<PassStep> built;
    private boolean syncing;
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
