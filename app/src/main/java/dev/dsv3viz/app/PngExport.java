package dev.dsv3viz.app;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.transform.Transform;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Pictures for slides: a node rendered at 1x, 2x or 3x and written as PNG. The JDK's ImageIO writes
 * the file, so no Swing bridge is needed; the file appears whole or not at all.
 */
public final class PngExport {
    private PngExport() {
    }

    /**
     * Renders {@code node} at {@code scale} times its layout size, exactly round(width x scale) by
     * round(height x scale) pixels (strokes or shadows reaching past the edge are cut, not added);
     * must run on the JavaFX thread.
     */
    public static WritableImage render(Node node, double scale) {
        Bounds b = node.getLayoutBounds();
        int w = (int) Math.round(b.getWidth() * scale);
        int h = (int) Math.round(b.getHeight() * scale);
        SnapshotParameters params = new SnapshotParameters();
        params.setTransform(Transform.scale(scale, scale));
        // A snapshot draws the node where it sits in its parent, so the viewport starts at its layout position.
        Point2D origin = node.localToParent(b.getMinX(), b.getMinY());
        params.setViewport(new Rectangle2D(origin.getX() * scale, origin.getY() * scale, w, h));
        return node.snapshot(params, new WritableImage(Math.max(1, w), Math.max(1, h)));
    }

    /** The image's pixels in a form ImageIO writes; call on the JavaFX thread, then write anywhere. */
    public static BufferedImage image(WritableImage image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    public static void write(WritableImage image, Path file) throws IOException {
        write(image(image), file);
    }

    /** Writes an image as PNG, through a temporary file in the same folder. */
    public static void write(BufferedImage image, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".export-", ".png");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer is available");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
