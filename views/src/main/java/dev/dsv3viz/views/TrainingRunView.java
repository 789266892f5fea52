package dev.dsv3viz.views;

import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** One training run at one logged step: its title, each expert's load, the bias vector and the spread. */
public final class TrainingRunView extends VBox {
    private final Label title = new Label();
    private final LoadBars load = new LoadBars();
    private final SignedBars bias = new SignedBars();
    private final Label spread = new Label();

    public TrainingRunView() {
        getStyleClass().add("training-run-view");
        title.getStyleClass().add("training-run-title");
        title.setWrapText(true);
        spread.getStyleClass().add("training-spread");
        spread.setWrapText(true);
        setSpacing(6);
        VBox.setVgrow(load, Priority.ALWAYS);
        VBox.setVgrow(bias, Priority.ALWAYS);
        getChildren().addAll(title, load, bias, spread);
    }

    /**
     * @param loadScale the load drawn at full height, the same for runs shown side by side
     * @param biasScale the bias magnitude drawn at full half-height
     */
    public void show(String heading, String loadTitle, double[] tokensPerExpert, double loadScale, String biasTitle,
                     double[] biasValues, double biasScale, String spreadText) {
        title.setText(heading);
        load.show(loadTitle, Messages.get("experts.load.unit"), tokensPerExpert, loadScale);
        bias.show(biasTitle, biasValues, biasScale);
        spread.setText(spreadText);
    }

    public double[] load() {
        return load.load();
    }

    public double[] bias() {
        return bias.values();
    }

    public String spreadText() {
        return spread.getText();
    }
}
