package dev.dsv3viz.app;

import dev.dsv3viz.views.Messages;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;

import java.util.List;

/** Play/pause, step, jump to the ends, a scrubber over every step of the pass, and the playing speed. */
public final class Transport extends HBox {
    private static final Duration BASE_INTERVAL = Duration.millis(1600);

    private final SessionModel session;
    private final Button play = new Button();
    private final Slider scrubber = new Slider(0, 1, 0);
    private final Label where = new Label();
    private final ChoiceBox<Double> speed = new ChoiceBox<>();
    private final Timeline timer = new Timeline();
    private boolean updating;
    private final javafx.beans.value.ChangeListener<SessionModel.Frame> onFrame = (o, was, f) -> update();

    public Transport(SessionModel session) {
        this.session = session;
        getStyleClass().add("transport");
        setSpacing(8);
        Button start = button("transport.start", "|\u25C0", session::first);
        Button back = button("transport.back", "\u25C0", () -> session.step(-1));
        Button forward = button("transport.forward", "\u25B6", () -> session.step(1));
        Button end = button("transport.end", "\u25B6|", session::last);
        play.setOnAction(e -> togglePlay());
        play.setId("play");
        play.setTooltip(new Tooltip(Messages.get("transport.play.tip")));
        scrubber.setId("scrubber");
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setSnapToTicks(true);
        scrubber.valueProperty().addListener((o, was, now) -> {
            if (!updating && session.frame() != null) {
                session.jump((int) Math.round(now.doubleValue()));
            }
        });
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        speed.getItems().setAll(List.of(0.5, 1.0, 2.0, 4.0));
        speed.setValue(1.0);
        speed.setConverter(Converters.showing(v -> Messages.get("transport.speed", v)));
        speed.valueProperty().addListener(o -> {
            if (isPlaying()) {
                startTimer();
            }
        });
        where.getStyleClass().add("transport-where");
        where.setMinWidth(110);
        timer.setCycleCount(Animation.INDEFINITE);
        getChildren().addAll(start, back, play, forward, end, scrubber, where, speed);
        for (var n : List.of(start, back, play, forward, end, where, speed)) {
            n.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        session.frameProperty().addListener(onFrame);
        update();
    }

    private Button button(String key, String symbol, Runnable action) {
        Button b = new Button(symbol);
        b.setId(key.replace('.', '-'));
        b.setTooltip(new Tooltip(Messages.get(key)));
        b.setOnAction(e -> action.run());
        return b;
    }

    /** Stops playing and stops following the session (the window is being replaced). */
    public void dispose() {
        timer.stop();
        session.frameProperty().removeListener(onFrame);
    }

    public boolean isPlaying() {
        return timer.getStatus() == Animation.Status.RUNNING;
    }

    /** Starts or pauses stepping through the pass; playing stops by itself at the last step. */
    public void togglePlay() {
        if (isPlaying()) {
            timer.stop();
        } else if (session.frame() != null) {
            if (session.frame().stepIndex() == session.frame().steps().size() - 1) {
                session.first();
            }
            startTimer();
        }
        update();
    }

    private void startTimer() {
        timer.stop();
        timer.getKeyFrames().setAll(new KeyFrame(BASE_INTERVAL.divide(speed.getValue()), e -> {
            SessionModel.Frame f = session.frame();
            if (f == null || f.stepIndex() >= f.steps().size() - 1) {
                timer.stop();
                update();
            } else {
                session.step(1);
            }
        }));
        timer.play();
    }

    private void update() {
        SessionModel.Frame f = session.frame();
        updating = true;
        try {
            play.setText(Messages.get(isPlaying() ? "transport.pause" : "transport.play"));
            setDisable(f == null);
            if (f != null) {
                scrubber.setMax(Math.max(1, f.steps().size() - 1));
                scrubber.setValue(f.stepIndex());
                where.setText(Messages.get("transport.where", f.stepIndex() + 1, f.steps().size()));
            }
        } finally {
            updating = false;
        }
    }
}
