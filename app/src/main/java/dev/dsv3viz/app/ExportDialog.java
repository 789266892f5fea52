package dev.dsv3viz.app;

import dev.dsv3viz.views.Messages;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Asks which steps to export as slides, at which size and scale, with captions and a GIF or not. */
final class ExportDialog {
    private ExportDialog() {
    }

    static Optional<SlideSettings> ask(Window owner, int steps, int current, double scale) {
        Dialog<SlideSettings> dialog = new Dialog<>();
        dialog.setTitle(Messages.get("export.title"));
        dialog.setHeaderText(Messages.get("export.header"));
        Spinner<Integer> from = new Spinner<>(1, steps, current + 1);
        Spinner<Integer> to = new Spinner<>(1, steps, Math.min(steps, current + 5));
        from.setEditable(true);
        to.setEditable(true);
        ChoiceBox<SlideSettings.Size> size = new ChoiceBox<>();
        size.getItems().setAll(SlideSettings.Size.values());
        size.setValue(SlideSettings.Size.WIDE);
        size.setConverter(Converters.showing(s -> Messages.get("export.size." + s.name().toLowerCase(java.util.Locale.ROOT))));
        ChoiceBox<Double> scales = new ChoiceBox<>();
        scales.getItems().setAll(List.of(1.0, 1.5, 2.0, 3.0));
        scales.setValue(scales.getItems().contains(scale) ? scale : 2.0);
        scales.setConverter(Converters.showing(v -> Messages.get("transport.speed", v)));
        CheckBox captions = new CheckBox(Messages.get("export.captions"));
        captions.setSelected(true);
        CheckBox gif = new CheckBox(Messages.get("export.gif"));
        TextField folder = new TextField(Path.of(System.getProperty("user.home"), "dsv3viz-slides").toString());
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button browse = new Button(Messages.get("export.browse"));
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            File dir = Dialogs.choose(dialog.getDialogPane().getScene().getWindow(), chooser::showDialog);
            if (dir != null) {
                folder.setText(dir.getPath());
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label(Messages.get("export.from")), from, new Label(Messages.get("export.to")), to);
        grid.addRow(1, new Label(Messages.get("export.size")), size, new Label(Messages.get("export.scale")), scales);
        grid.add(captions, 0, 2, 2, 1);
        grid.add(gif, 2, 2, 2, 1);
        grid.add(new Label(Messages.get("export.folder")), 0, 3);
        grid.add(new HBox(6, folder, browse), 1, 3, 3, 1);
        dialog.getDialogPane().setContent(grid);
        ButtonType export = new ButtonType(Messages.get("export.ok"), ButtonType.OK.getButtonData());
        dialog.getDialogPane().getButtonTypes().setAll(export, new ButtonType(Messages.get("action.cancel"),
                ButtonType.CANCEL.getButtonData()));
        dialog.getDialogPane().lookupButton(export).disableProperty().bind(folder.textProperty().isEmpty());
        dialog.setResultConverter(button -> button != export ? null
                : new SlideSettings(Math.min(from.getValue(), to.getValue()) - 1, Math.max(from.getValue(), to.getValue()) - 1,
                size.getValue(), scales.getValue(), captions.isSelected(), gif.isSelected(), Path.of(folder.getText())));
        return Dialogs.showAndWait(dialog, owner);
    }
}
