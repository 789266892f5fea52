package dev.dsv3viz.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dsv3viz.views.Messages;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A range of steps as slides: numbered PNGs of exactly the slide's pixel size (or the window's), an
 * optional animated GIF of the same pictures, and a {@code manifest.json} naming each file's step,
 * layer, token and caption. The window and the command line both export through here, so their files
 * are the same. One picture is rendered per JavaFX pulse and encoded on a writer thread, so the window
 * stays responsive while it runs.
 */
public final class StepExporter {
    /** One exported picture. */
    public record Entry(String file, int step, String kind, int layer, int depth, int position, String token,
                        String caption) {
    }

    private static final int GIF_DELAY_MS = 1500;

    private StepExporter() {
    }

    /** Starts the export; call on the JavaFX thread. The session returns to its step when done. */
    public static CompletableFuture<List<Entry>> export(SessionModel session, Scene window, StepStage.TokenNames names,
                                                        SlideSettings s, BooleanSupplier cancelled,
                                                        BiConsumer<Integer, Integer> progress) {
        CompletableFuture<List<Entry>> done = new CompletableFuture<>();
        int last = Math.min(s.to(), session.frame().steps().size() - 1);
        if (s.from() > last) {
            done.completeExceptionally(new IllegalArgumentException("the pass has only " + (last + 1) + " steps"));
            return done;
        }
        try {
            Files.createDirectories(s.dir());
            if (!Files.isWritable(s.dir())) {
                throw new IOException("the folder is not writable");
            }
        } catch (IOException e) {
            done.completeExceptionally(e);
            return done;
        }
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "export-writer");
            t.setDaemon(true);
            return t;
        });
        Job job = new Job(session, window, names, s, last, cancelled, progress, writer, done);
        done.whenComplete((r, e) -> writer.shutdown());
        job.next();
        return done;
    }

    /** The state of one export as it moves from step to step. */
    private static final class Job {
        private final SessionModel session;
        private final SlideSettings s;
        private final int last;
        private final BooleanSupplier cancelled;
        private final BiConsumer<Integer, Integer> progress;
        private final ExecutorService writer;
        private final CompletableFuture<List<Entry>> done;
        private final List<Entry> entries = new ArrayList<>();
        private final int start;
        private final Node picture;
        private final StepStage slideStage;
        private final Label caption = new Label();
        private final StepStage.TokenNames names;
        private GifSequence gif;
        private int i;

        Job(SessionModel session, Scene window, StepStage.TokenNames names, SlideSettings s, int last,
            BooleanSupplier cancelled, BiConsumer<Integer, Integer> progress, ExecutorService writer,
            CompletableFuture<List<Entry>> done) {
            this.session = session;
            this.s = s;
            this.last = last;
            this.cancelled = cancelled;
            this.progress = progress;
            this.writer = writer;
            this.done = done;
            this.start = session.frame().stepIndex();
            this.i = s.from();
            this.names = names;
            if (s.size() == SlideSettings.Size.WINDOW) {
                picture = window.getRoot();
                slideStage = null;
            } else {
                slideStage = new StepStage(names);
                BorderPane slide = new BorderPane(slideStage);
                slide.getStyleClass().addAll("window", "slide");
                caption.getStyleClass().add("slide-caption");
                caption.setWrapText(true);
                caption.setMaxWidth(Double.MAX_VALUE);
                if (s.captions()) {
                    slide.setTop(caption);
                }
                Scene scene = new Scene(slide, s.size().width() / s.scale(), s.size().height() / s.scale());
                scene.getStylesheets().setAll(window.getStylesheets());
                picture = slide;
            }
        }

        void next() {
            if (done.isDone()) {
                return;
            }
            if (cancelled.getAsBoolean()) {
                finish(new CancellationException("the export was cancelled"));
                return;
            }
            try {
                session.jump(i);
                SessionModel.Frame f = session.frame();
                Explanations.Text text = Explanations.of(f.step(), session.config(), f.pass().tokens().length,
                        f.pass().startPosition() + f.pass().tokens().length);
                if (slideStage != null) {
                    slideStage.show(session);
                    caption.setText(Messages.get("slide.caption", f.stepIndex() + 1, text.title()));
                }
                WritableImage image = PngExport.render(picture, s.scale());
                BufferedImage frame = PngExport.image(image);
                String file = String.format(Locale.ROOT, "step-%03d.png", i + 1);
                entries.add(new Entry(file, i + 1, f.step().kind().key(), f.step().layer(), f.step().depth(),
                        f.position(), names.of(session.sequence()[f.position()]), text.title()));
                int n = i;
                writer.execute(() -> write(frame, file, n));
                progress.accept(i - s.from() + 1, last - s.from() + 1);
            } catch (RuntimeException e) {
                finish(e);
                return;
            }
            if (i < last) {
                i++;
                Platform.runLater(this::next);
            } else {
                writer.execute(this::close);
            }
        }

        private void write(BufferedImage frame, String file, int step) {
            if (done.isDone()) {
                return;
            }
            try {
                PngExport.write(frame, s.dir().resolve(file));
                if (s.gif()) {
                    if (gif == null) {
                        gif = new GifSequence(s.dir().resolve("steps.gif"), GIF_DELAY_MS);
                    }
                    gif.add(frame);
                }
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> finish(e));
            }
        }

        private void close() {
            if (done.isDone()) {
                return;
            }
            try {
                if (gif != null) {
                    gif.close();
                }
                writeManifest();
                Platform.runLater(() -> finish(null));
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> finish(e));
            }
        }

        private void finish(Throwable error) {
            if (done.isDone()) {
                return;
            }
            session.jump(start);
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(List.copyOf(entries));
            }
        }

        private void writeManifest() throws IOException {
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("model", session.modelName());
            manifest.put("tokens", session.sequence());
            manifest.put("mla", session.mode().name().toLowerCase(Locale.ROOT));
            manifest.put("language", Messages.locale().toLanguageTag());
            manifest.put("slide", s.size().key());
            manifest.put("scale", s.scale());
            manifest.put("gif", s.gif() ? "steps.gif" : null);
            manifest.put("pictures", entries);
            Path tmp = Files.createTempFile(s.dir(), ".manifest-", ".json");
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), manifest);
                Files.move(tmp, s.dir().resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
