package dev.dsv3viz.app;

import dev.dsv3viz.model.training.TrainingLog;
import dev.dsv3viz.views.CurvesView;
import dev.dsv3viz.views.Messages;
import dev.dsv3viz.views.TrainingRunView;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The training history: how the auxiliary-loss-free balancing learnt, step by logged step. Each MoE
 * layer's per-expert load and bias for the run and, beside it, for the same run with the bias update off;
 * the loss curves and the load spread over training. It can follow a training run's folder live: the
 * trainer rewrites {@code training-log.json} at every log entry and this window reloads it.
 */
final class TrainingWindow {
    static final String LOG = "training-log.json";
    static final String COMPARISON = "training-log-no-balance.json";

    private final Stage stage = new Stage();
    private final TrainingHistory history;
    private final TrainingRunView mainRun = new TrainingRunView();
    private final TrainingRunView comparedRun = new TrainingRunView();
    private final CurvesView losses = new CurvesView();
    private final CurvesView spread = new CurvesView();
    private final CurvesView balance = new CurvesView();
    private final ChoiceBox<Integer> layer = new ChoiceBox<>();
    private final Slider scrubber = new Slider();
    private final Label where = new Label();
    private final Label status = new Label();
    private final Button play = new Button();
    private final ToggleButton follow = new ToggleButton(Messages.get("training.follow"));
    private final Timeline player = new Timeline();
    private final Timeline watcher = new Timeline();
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "training-log-reader");
        t.setDaemon(true);
        return t;
    });
    private final BorderPane root;
    private Path followed;
    private FileTime seen;
    private boolean updating;

    TrainingWindow(Window owner, TrainingLog main, TrainingLog comparison, java.util.List<String> stylesheets) {
        history = new TrainingHistory(main, comparison);
        stage.initOwner(owner);
        stage.setTitle(Messages.get("training.title"));

        Button open = new Button(Messages.get("training.open"));
        open.setOnAction(e -> chooseLog(false));
        Button openCompared = new Button(Messages.get("training.open.compared"));
        openCompared.setOnAction(e -> chooseLog(true));
        follow.setId("follow");
        follow.setOnAction(e -> {
            if (follow.isSelected()) {
                chooseFollow();
            } else {
                stopFollowing();
            }
        });
        Button exportPng = new Button(Messages.get("training.export.png"));
        exportPng.setOnAction(e -> exportPng());
        Button exportGif = new Button(Messages.get("training.export.gif"));
        exportGif.setOnAction(e -> exportGif());
        layer.setConverter(Converters.showing(l -> Messages.get("training.layer", l)));
        layer.valueProperty().addListener((o, was, now) -> {
            if (!updating && now != null) {
                history.setLayer(now);
                redraw();
            }
        });
        HBox tools = new HBox(8, open, openCompared, follow, new Label(Messages.get("training.layer.label")), layer,
                exportPng, exportGif);
        tools.setAlignment(Pos.CENTER_LEFT);
        tools.getStyleClass().add("prompt-bar");

        HBox runs = new HBox(16, mainRun, comparedRun);
        HBox.setHgrow(mainRun, Priority.ALWAYS);
        HBox.setHgrow(comparedRun, Priority.ALWAYS);
        mainRun.setId("training-main");
        comparedRun.setId("training-compared");
        HBox curves = new HBox(16, losses, spread, balance);
        for (CurvesView c : new CurvesView[]{losses, spread, balance}) {
            HBox.setHgrow(c, Priority.ALWAYS);
            c.setPrefWidth(400);
        }
        VBox content = new VBox(12, runs, curves);
        VBox.setVgrow(runs, Priority.ALWAYS);
        content.setPadding(new Insets(10));
        content.getStyleClass().add("training-content");

        play.setOnAction(e -> togglePlay());
        scrubber.setBlockIncrement(1);
        scrubber.valueProperty().addListener((o, was, now) -> {
            if (!updating) {
                history.setIndex((int) Math.round(now.doubleValue()));
                redraw();
            }
        });
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        where.setMinWidth(160);
        HBox transport = new HBox(8, play, scrubber, where);
        transport.setAlignment(Pos.CENTER_LEFT);
        transport.getStyleClass().add("transport");
        status.getStyleClass().add("status");
        VBox bottom = new VBox(transport, status);
        root = new BorderPane(content, tools, null, bottom, null);
        root.getStyleClass().add("window");
        Scene scene = new Scene(root);
        scene.getStylesheets().setAll(stylesheets);
        stage.setScene(scene);
        player.setCycleCount(Animation.INDEFINITE);
        player.getKeyFrames().setAll(new KeyFrame(Duration.millis(250), e -> {
            if (history.index() >= history.size() - 1) {
                player.stop();
                updatePlay();
            } else {
                history.setIndex(history.index() + 1);
                redraw();
            }
        }));
        watcher.setCycleCount(Animation.INDEFINITE);
        watcher.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1), e -> poll()));
        stage.setOnHidden(e -> {
            player.stop();
            watcher.stop();
            reader.shutdownNow();
        });
        redraw();
    }

    /** Opens the window on a checkpoint folder's log and, when it is there, its γ = 0 twin. */
    static TrainingWindow open(Window owner, Path folder, java.util.List<String> stylesheets) {
        TrainingLog main = TrainingLog.read(folder.resolve(LOG));
        Path twin = folder.resolve(COMPARISON);
        TrainingLog comparison = Files.isRegularFile(twin) ? TrainingLog.read(twin) : null;
        TrainingWindow w = new TrainingWindow(owner, main, comparison, stylesheets);
        WindowBounds.openOver(w.stage, owner);
        w.stage.show();
        return w;
    }

    Stage stage() {
        return stage;
    }

    TrainingHistory history() {
        return history;
    }

    TrainingRunView mainRun() {
        return mainRun;
    }

    TrainingRunView comparedRun() {
        return comparedRun;
    }

    CurvesView losses() {
        return losses;
    }

    CurvesView spread() {
        return spread;
    }

    void show(int index) {
        history.setIndex(index);
        redraw();
    }

    private void redraw() {
        updating = true;
        try {
            layer.getItems().setAll(history.main().layers());
            layer.setValue(history.layer());
            scrubber.setMax(Math.max(1, history.size() - 1));
            scrubber.setValue(history.index());
        } finally {
            updating = false;
        }
        TrainingLog.Entry e = history.entry();
        int l = history.layer();
        double loadScale = history.loadScale();
        double biasScale = history.biasScale();
        where.setText(Messages.get("training.where", e.step(), history.main().entries().get(history.size() - 1).step()));
        mainRun.show(Messages.get("training.run.heading", Messages.get("training.run.main"),
                        dev.dsv3viz.views.Format.plain(history.main().gamma()), e.step()),
                Messages.get("training.load", l), TrainingHistory.load(e, l), loadScale,
                Messages.get("training.bias"), TrainingHistory.bias(e, l), biasScale, TrainingHistory.spreadText(e, l));
        TrainingLog.Entry c = history.comparisonEntry();
        comparedRun.setVisible(c != null && c.layers().containsKey(l));
        if (c != null && c.layers().containsKey(l)) {
            String heading = Messages.get("training.run.heading", Messages.get("training.run.compared"),
                    dev.dsv3viz.views.Format.plain(history.comparison().gamma()), c.step());
            if (c.step() < e.step()) {
                heading += " " + Messages.get("training.run.stopped", c.step());
            }
            comparedRun.show(heading, Messages.get("training.load", l), TrainingHistory.load(c, l), loadScale,
                    Messages.get("training.bias"), TrainingHistory.bias(c, l), biasScale, TrainingHistory.spreadText(c, l));
        }
        losses.show(Messages.get("training.losses"), history.lossCurves(), e.step());
        spread.show(Messages.get("training.spread.title", l), history.spreadCurves(), e.step());
        balance.show(Messages.get("training.balance"), history.balanceCurves(), e.step());
        updatePlay();
    }

    private void togglePlay() {
        if (player.getStatus() == Animation.Status.RUNNING) {
            player.stop();
        } else {
            if (history.index() >= history.size() - 1) {
                history.setIndex(0);
            }
            player.play();
        }
        updatePlay();
    }

    private void updatePlay() {
        play.setText(Messages.get(player.getStatus() == Animation.Status.RUNNING ? "transport.pause" : "transport.play"));
    }

    private void chooseLog(boolean comparison) {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.get("training.files"), "*.json"));
        File file = Dialogs.choose(stage, chooser::showOpenDialog);
        if (file == null) {
            return;
        }
        try {
            TrainingLog log = TrainingLog.read(file.toPath());
            if (comparison) {
                history.setComparison(log);
            } else {
                history.setMain(log);
            }
            redraw();
            status.setText(Messages.get("training.opened", file.getName()));
        } catch (RuntimeException ex) {
            status.setText(Messages.get("error.training.log", file.getName(), ex.getMessage()));
        }
    }

    private void chooseFollow() {
        File dir = Dialogs.choose(stage, new DirectoryChooser()::showDialog);
        if (dir == null) {
            follow.setSelected(false);
            return;
        }
        follow(dir.toPath());
    }

    /** Watches a training run's output folder and shows each new log entry as the trainer writes it. */
    void follow(Path dir) {
        followed = dir;
        seen = null;
        follow.setSelected(true);
        status.setText(Messages.get("training.following", dir));
        watcher.play();
        poll();
    }

    private void stopFollowing() {
        watcher.stop();
        followed = null;
        status.setText("");
    }

    private void poll() {
        Path dir = followed;
        if (dir == null) {
            return;
        }
        Path file = dir.resolve(LOG);
        FileTime time;
        try {
            time = Files.isRegularFile(file) ? Files.getLastModifiedTime(file) : null;
        } catch (IOException e) {
            time = null;
        }
        if (time == null || time.equals(seen)) {
            return;
        }
        FileTime stamp = time;
        CompletableFuture.supplyAsync(() -> TrainingLog.read(file), reader).whenComplete((log, error) -> Platform.runLater(() -> {
            if (followed == null) {
                return;
            }
            if (error != null || log.entries().isEmpty()) {
                status.setText(error != null ? Messages.get("error.training.log", LOG, error.getCause() != null
                        ? error.getCause().getMessage() : error.getMessage()) : Messages.get("training.waiting", dir));
                return;
            }
            seen = stamp;
            history.setMain(log);
            history.setIndex(log.entries().size() - 1);
            redraw();
            status.setText(Messages.get("training.live", log.entries().get(log.entries().size() - 1).step(), dir));
        }));
    }

    private void exportPng() {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        chooser.setInitialFileName(String.format(java.util.Locale.ROOT, "training-layer%d-step%d.png", history.layer(),
                history.entry().step()));
        File file = Dialogs.choose(stage, chooser::showSaveDialog);
        if (file != null) {
            try {
                PngExport.write(PngExport.render(root.getCenter(), 2), file.toPath());
                status.setText(Messages.get("status.exported", file));
            } catch (IOException | RuntimeException ex) {
                status.setText(Messages.get("error.export", file, ex.getMessage()));
            }
        }
    }

    private void exportGif() {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("GIF", "*.gif"));
        chooser.setInitialFileName(String.format(java.util.Locale.ROOT, "training-layer%d.gif", history.layer()));
        File file = Dialogs.choose(stage, chooser::showSaveDialog);
        if (file != null) {
            exportGif(file.toPath(), 1);
        }
    }

    /** Every logged step as one GIF frame, rendered one per pulse and encoded off the JavaFX thread. */
    CompletableFuture<Integer> exportGif(Path file, double scale) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        int start = history.index();
        GifSequence gif;
        try {
            gif = new GifSequence(file, 250);
        } catch (IOException e) {
            status.setText(Messages.get("error.export", file, e.getMessage()));
            done.completeExceptionally(e);
            return done;
        }
        Runnable[] next = new Runnable[1];
        int[] i = {0};
        next[0] = () -> {
            history.setIndex(i[0]);
            redraw();
            var frame = PngExport.image(PngExport.render(root.getCenter(), scale));
            writer.execute(() -> {
                try {
                    gif.add(frame);
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
            });
            status.setText(Messages.get("status.exporting.progress", i[0] + 1, history.size()));
            if (++i[0] < history.size() && !done.isDone()) {
                Platform.runLater(next[0]);
            } else {
                writer.execute(() -> {
                    try {
                        gif.close();
                        done.complete(history.size());
                    } catch (IOException e) {
                        done.completeExceptionally(e);
                    }
                });
                writer.shutdown();
                history.setIndex(start);
                redraw();
            }
        };
        done.whenComplete((n, e) -> Platform.runLater(() -> status.setText(e == null
                ? Messages.get("status.exported", file) : Messages.get("error.export", file, e.getMessage()))));
        next[0].run();
        return done;
    }
}
