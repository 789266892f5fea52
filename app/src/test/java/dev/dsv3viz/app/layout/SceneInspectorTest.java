package dev.dsv3viz.app.layout;

import dev.dsv3viz.app.layout.SceneInspection.Clipped;
import dev.dsv3viz.app.layout.SceneInspection.LowContrast;
import dev.dsv3viz.views.CanvasView;
import dev.dsv3viz.views.DrawnText;
import dev.dsv3viz.views.TextCapture;
import dev.dsv3viz.views.TextRole;
import javafx.geometry.BoundingBox;
import javafx.scene.Group;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layout check's measurements on small scenes built for the purpose, on the headless platform. */
@ExtendWith(ApplicationExtension.class)
class SceneInspectorTest {
    private static final double WIDTH = 400;
    private static final double HEIGHT = 300;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new Pane(), WIDTH, HEIGHT));
        stage.show();
    }

    /**
     * Shows {@code root} at its preferred size in the scene's corner, on white, and looks at it. (The
     * stage may have been made larger by tests before, so nothing here depends on the scene's size.)
     */
    private SceneInspection inspect(Parent root) throws Exception {
        return fx(() -> {
            Pane corner = new Pane(root);
            corner.setStyle("-fx-background-color: white;");
            stage.getScene().setRoot(corner);
            return SceneInspector.inspect(root, new BoundingBox(0, 0, WIDTH, HEIGHT), "the window");
        });
    }

    private static <T> T fx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(30, TimeUnit.SECONDS);
    }

    private static Label label(String text, String colour) {
        Label l = new Label(text);
        l.setFont(Font.font(16));
        l.setTextFill(Color.web(colour));
        return l;
    }

    @Test
    void aLabelTooNarrowForItsTextIsReportedElided() throws Exception {
        Label narrow = label("a sentence far too long for sixty pixels", "#000000");
        narrow.setMaxWidth(60);
        Label fits = label("fits", "#000000");
        SceneInspection seen = inspect(new VBox(narrow, fits));
        List<Clipped> clipped = seen.clipped();
        assertEquals(1, clipped.size(), clipped.toString());
        assertEquals("a sentence far too long for sixty pixels", clipped.get(0).text());
        assertTrue(clipped.get(0).reason().startsWith("elided: shows \""), clipped.get(0).reason());
        assertTrue(clipped.get(0).where().endsWith("Label"), clipped.get(0).where());
    }

    @Test
    void textCutOffByAClipOrOutsideTheViewportIsReported() throws Exception {
        Text inside = new Text(20, 40, "inside");
        Text halfOut = new Text(80, 40, "half outside the clip");
        Pane clipped = new Pane(inside, halfOut);
        clipped.setClip(new Rectangle(0, 0, 120, 100));
        Text beyond = new Text(WIDTH - 20, 200, "past the edge");
        SceneInspection seen = inspect(new Pane(clipped, beyond));
        assertEquals(List.of("half outside the clip", "past the edge"), seen.clipped().stream().map(Clipped::text).toList());
        assertTrue(seen.clipped().get(0).reason().startsWith("cut off by the clip of Pane"), seen.clipped().toString());
        assertEquals("outside the window", seen.clipped().get(1).reason());
    }

    @Test
    void overlappingTextsArePairedAndAControlsOwnPartsAreNot() throws Exception {
        Text a = new Text(50, 50, "first");
        Text b = new Text(60, 55, "second");
        Text apart = new Text(50, 200, "apart");
        Label withGraphic = new Label("label", new Text("graphic"));
        withGraphic.relocate(200, 100);
        a.setFont(Font.font(20));
        b.setFont(Font.font(20));
        SceneInspection seen = inspect(new Pane(a, b, apart, withGraphic));
        assertEquals(1, seen.overlapping().size(), seen.overlapping().toString());
        SceneInspection.Overlap o = seen.overlapping().get(0);
        assertEquals(List.of("first", "second"), List.of(o.text(), o.otherText()));
        assertTrue(o.box().width() > 2 && o.box().height() > 2, o.toString());
    }

    @Test
    void aTextIsMeasuredInScreenPixelsWithTheScalesAboveIt() throws Exception {
        Text plain = new Text(10, 30, "plain");
        plain.setFont(Font.font(12));
        Text scaled = new Text(10, 30, "scaled");
        scaled.setFont(Font.font(10));
        Group twice = new Group(scaled);
        twice.setScaleX(2);
        twice.setScaleY(2);
        twice.relocate(0, 100);
        Text axis = new Text(200, 30, "axis");
        axis.setFont(Font.font(9));
        axis.getStyleClass().add(TextRole.AXIS_LABEL.styleClass());
        SceneInspection seen = inspect(new Pane(plain, twice, axis));
        assertEquals(20, seen.texts().stream().filter(t -> t.text().equals("scaled")).findFirst().orElseThrow().px(), 0.01);
        assertEquals("axis", seen.smallest().text());
        assertEquals(9, seen.smallestDense().px(), 0.01);
        assertEquals(TextRole.AXIS_LABEL, seen.smallestDense().role());
    }

    @Test
    void contrastIsTakenAgainstWhatIsPaintedBehindTheText() throws Exception {
        Label faint = label("faint", "#777777");
        Label dark = label("dark", "#767676");
        // A sibling painted behind the text, not an ancestor: only the picture knows it is there.
        Rectangle panel = new Rectangle(200, 40, Color.web("#1b1b1b"));
        Label onPanel = label("on the panel", "#5f5f5f");
        StackPane behind = new StackPane(panel, onPanel);
        SceneInspection seen = inspect(new VBox(10, faint, dark, behind));
        List<LowContrast> low = seen.lowContrast();
        assertEquals(List.of("faint", "on the panel"), low.stream().map(LowContrast::text).toList(), low.toString());
        assertEquals(4.48, low.get(0).ratio(), 0.011);
        assertEquals("#ffffff", low.get(0).background());
        assertEquals("#1b1b1b", low.get(1).background());
        assertEquals("#5f5f5f", low.get(1).fill());
    }

    @Test
    void aScrollPaneShowingBarsIsFoundAndOneThatFitsIsNot() throws Exception {
        Region big = new Region();
        big.setPrefSize(1000, 1000);
        ScrollPane scrolling = new ScrollPane(big);
        scrolling.setPrefSize(150, 150);
        Region small = new Region();
        small.setPrefSize(50, 50);
        ScrollPane fitting = new ScrollPane(small);
        fitting.setPrefSize(150, 150);
        SceneInspection seen = inspect(new VBox(scrolling, fitting));
        assertEquals(List.of("horizontal", "vertical"), seen.scrollBars().stream().map(SceneInspection.ScrollBarSeen::orientation)
                .sorted().toList(), seen.scrollBars().toString());
        assertTrue(seen.scrollBars().stream().allMatch(b -> b.box().y() < 150), seen.scrollBars().toString());
    }

    /** Draws a few texts the way the views do: one to read, one squeezed, one past the edge, one on a dark cell. */
    private static final class Probe extends CanvasView {
        Probe() {
            setPrefSize(300, 120);
        }

        @Override
        protected void draw(GraphicsContext g, double width, double height) {
            g.setFill(Color.BLACK);
            g.setFont(font(20, false));
            drawText(g, "hello", 10, 30, TextRole.AXIS_LABEL);
            drawText(g, "a label too long", 10, 60, 40, TextRole.TEXT);
            drawText(g, "edge", width - 10, 90, TextRole.TEXT);
            g.fillRect(150, 0, 100, 40);
            g.setFill(Color.web("#333333"));
            drawText(g, "dark", 160, 30, TextRole.TEXT);
        }
    }

    @Test
    void canvasTextIsRecordedWhereItIsDrawn() throws Exception {
        Probe probe = new Probe();
        List<DrawnText> drawn = fx(() -> {
            stage.getScene().setRoot(new Pane(probe));
            probe.applyCss();
            probe.resize(300, 120);
            probe.layout();
            probe.captureText(TextCapture.RECORD);
            return probe.drawnText();
        });
        assertEquals(List.of("hello", "a label too long", "edge", "dark"), drawn.stream().map(DrawnText::text).toList());
        DrawnText hello = drawn.get(0);
        assertEquals(20, hello.fontSize(), 1e-9);
        assertEquals(TextRole.AXIS_LABEL, hello.role());
        assertTrue(hello.bounds().getMinX() >= 10 && hello.bounds().getMinX() < 13, hello.toString());
        assertTrue(hello.bounds().getMaxY() <= 31 && hello.bounds().getMinY() > 10, hello.toString());
        assertFalse(hello.squeezed());
        assertTrue(drawn.get(1).squeezed());
        assertEquals(40, drawn.get(1).bounds().getWidth(), 2);
        assertEquals(Color.BLACK, hello.fill());
        assertEquals(List.of(), fx(() -> {
            probe.captureText(TextCapture.OFF);
            return probe.drawnText();
        }));
    }

    @Test
    void theInspectorReadsCanvasTextLikeAnyOther() throws Exception {
        Probe probe = new Probe();
        probe.setScaleX(1.5);
        probe.setScaleY(1.5);
        probe.relocate(60, 60);
        SceneInspection seen = inspect(new Pane(probe));
        assertEquals(30, seen.smallestDense().px(), 0.01);
        assertEquals("hello", seen.smallestDense().text());
        assertTrue(seen.smallestDense().where().endsWith("Probe (canvas)"), seen.smallestDense().where());
        List<String> clipped = seen.clipped().stream().map(c -> c.text() + ": " + c.reason()).toList();
        assertEquals(List.of("a label too long: squeezed from 155 to 40 px wide", "edge: runs off its canvas"),
                clipped.stream().map(c -> c.replaceAll("from \\d+", "from 155")).toList(), clipped.toString());
        assertEquals(List.of("dark"), seen.lowContrast().stream().map(LowContrast::text).toList(), seen.lowContrast().toString());
        assertEquals("#000000", seen.lowContrast().get(0).background());
    }
}
