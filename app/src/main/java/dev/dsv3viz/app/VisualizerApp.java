package dev.dsv3viz.app;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.nn.MlaMode;
import dev.dsv3viz.model.tokenizer.Tokenizer;
import dev.dsv3viz.model.trace.ForwardTrace;
import dev.dsv3viz.model.trace.MtpInputStep;
import dev.dsv3viz.model.trace.OutputStep;
import dev.dsv3viz.model.trace.RouterStep;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;

import java.io.File;
import java.util.Arrays;
import java.util.concurrent.CompletionException;

/**
 * The window. For now it runs a real traced forward pass over a prompt of token ids and lists what the
 * trace holds for the last position (next-token guesses, the MTP drafts, each MoE layer's chosen experts);
 * the step-by-step views are issue 5.
 */
public final class VisualizerApp extends Application {
    private final ModelRunner runner = new ModelRunner();
    private final Label status = new Label("Starting...");
    private final Label banner = new Label();
    private final TextField prompt = new TextField();
    private final Label promptLabel = new Label();
    private final ComboBox<MlaMode> mode = new ComboBox<>();
    private final TextArea result = new TextArea();
    private final Button run = new Button("Run");
    private ModelConfig config;
    private Tokenizer tokenizer;

    static void launchWindow(String[] args) {
        Application.launch(VisualizerApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        mode.getItems().setAll(MlaMode.values());
        mode.setValue(MlaMode.ABSORBED);
        result.setEditable(false);
        result.setStyle("-fx-font-family: monospace; -fx-font-size: 15px;");
        banner.setStyle("-fx-background-color: #ffe8a3; -fx-padding: 6; -fx-font-size: 14px;");
        banner.setMaxWidth(Double.MAX_VALUE);
        Button open = new Button("Open checkpoint folder...");
        open.setOnAction(e -> openCheckpoint(stage));
        run.setOnAction(e -> runPrompt());
        prompt.setOnAction(e -> runPrompt());
        HBox.setHgrow(prompt, Priority.ALWAYS);
        HBox bar = new HBox(8, open, promptLabel, prompt, mode, run);
        bar.setPadding(new Insets(8));
        VBox top = new VBox(banner, bar);
        BorderPane root = new BorderPane(result, top, null, status, null);
        BorderPane.setMargin(status, new Insets(4, 8, 4, 8));
        stage.setTitle("DeepSeek-V3 Visualizer");
        stage.setScene(new Scene(root, 1280, 720));
        stage.show();
        run.setDisable(true);
        var sample = Engine.sampleDir();
        if (sample != null) {
            banner.setVisible(false);
            banner.setManaged(false);
            afterLoad(runner.load(sample), "sample model");
        } else {
            banner.setText("Random weights with the sample model's shapes: the trained sample model is not installed yet, "
                    + "so routing and predictions are noise.");
            afterLoad(runner.random(Presets.SAMPLE, Engine.SAMPLE_DIR.resolve("tokenizer.json")), "random weights");
        }
    }

    private void openCheckpoint(Stage stage) {
        File dir = new DirectoryChooser().showDialog(stage);
        if (dir != null) {
            afterLoad(runner.load(dir.toPath()), dir.getName());
        }
    }

    private void afterLoad(java.util.concurrent.CompletableFuture<ModelRunner.Loaded> loading, String name) {
        status.setText("Loading " + name + "...");
        loading.whenComplete((loaded, error) -> Platform.runLater(() -> {
            if (error != null) {
                status.setText("Could not open " + name + ": " + message(error) + " The previous model is still loaded.");
                run.setDisable(config == null);
                return;
            }
            config = loaded.config();
            tokenizer = loaded.tokenizer();
            promptLabel.setText(tokenizer != null ? "Prompt:" : "Token ids:");
            if (prompt.getText().isBlank()) {
                prompt.setText(tokenizer != null ? "And God said, Let there be" : "1, 17, 42, 99, 7, 256, 3, 12");
            }
            status.setText("Loaded " + name + ": " + config.numHiddenLayers() + " layers, " + config.nRoutedExperts()
                    + " routed experts, " + config.numNextnPredictLayers() + " MTP modules.");
            run.setDisable(false);
            runPrompt();
        }));
    }

    private void runPrompt() {
        int[] ids;
        if (tokenizer != null) {
            ids = tokenizer.encode(prompt.getText());
        } else {
            try {
                ids = Arrays.stream(prompt.getText().split("[,\\s]+")).filter(s -> !s.isBlank())
                        .mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                status.setText("This model has no tokenizer: type token ids separated by commas, e.g. 1, 17, 42.");
                return;
            }
        }
        if (ids.length == 0) {
            status.setText("The prompt is empty: type at least one token id.");
            return;
        }
        run.setDisable(true);
        status.setText("Running...");
        runner.run(ids, mode.getValue()).whenComplete((trace, error) -> Platform.runLater(() -> {
            run.setDisable(false);
            if (error != null) {
                status.setText(message(error));
            } else {
                result.setText(describe(trace, tokenizer));
                status.setText("Forward pass over " + ids.length + " tokens done.");
            }
        }));
    }

    private static String describe(ForwardTrace trace, Tokenizer tokenizer) {
        int[] tokens = trace.tokens();
        int last = tokens.length - 1;
        StringBuilder s = new StringBuilder("Prompt tokens:");
        for (int id : tokens) {
            s.append(' ').append(piece(id, tokenizer));
        }
        OutputStep main = trace.head(0).orElseThrow();
        s.append("\n\nNext token after the last position (main head):\n");
        int[] top = main.topTokens()[last];
        for (int j = 0; j < Math.min(5, top.length); j++) {
            s.append(String.format("   %-24s p = %.3f%n", piece(top[j], tokenizer), main.topProbabilities().get(last, j)));
        }
        for (OutputStep mtp : trace.all(OutputStep.class)) {
            if (mtp.depth() > 0) {
                s.append(String.format("MTP depth %d guess for t+%d: %s (p = %.3f)%n", mtp.depth(), mtp.depth() + 1,
                        piece(mtp.topTokens()[last][0], tokenizer), mtp.topProbabilities().get(last, 0)));
            }
        }
        s.append("\nRouted experts chosen for the last token (gate weights):\n");
        java.util.Map<Integer, Integer> mtpLayers = new java.util.HashMap<>();
        trace.all(MtpInputStep.class).forEach(m -> mtpLayers.put(m.layer(), m.depth()));
        for (RouterStep r : trace.all(RouterStep.class)) {
            s.append(mtpLayers.containsKey(r.layer()) ? String.format("   MTP %d:  ", mtpLayers.get(r.layer()))
                    : String.format("   layer %d:", r.layer()));
            int[] e = r.expertsOf(last);
            for (int j = 0; j < e.length; j++) {
                s.append(String.format(" %d (%.2f)", e[j], r.weights().get(last, j)));
            }
            s.append("   + shared\n");
        }
        return s.toString();
    }

    /** A token as "[piece] id" with its text made visible, or its id alone without a tokenizer. */
    private static String piece(int id, Tokenizer tokenizer) {
        return tokenizer == null ? "id " + id
                : "[" + tokenizer.display(id).replace("\n", "\\n").replace(" ", "\u2423") + "] " + id;
    }

    private static String message(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    @Override
    public void stop() {
        runner.close();
    }
}
