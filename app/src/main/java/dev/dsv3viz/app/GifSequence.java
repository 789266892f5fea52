package dev.dsv3viz.app;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An animated GIF written frame by frame with the JDK's own GIF writer (no frame is kept in memory
 * after it is written), looping forever with a fixed delay.
 */
final class GifSequence implements AutoCloseable {
    private final ImageWriter writer;
    private final ImageOutputStream out;
    private final int delayCentiseconds;

    GifSequence(Path file, int delayMillis) throws IOException {
        writer = ImageIO.getImageWritersByFormatName("gif").next();
        out = ImageIO.createImageOutputStream(file.toFile());
        if (out == null) {
            throw new IOException("cannot open " + file + " for writing");
        }
        writer.setOutput(out);
        writer.prepareWriteSequence(null);
        delayCentiseconds = Math.max(1, delayMillis / 10);
    }

    /** Appends a frame; GIF holds 256 colours, so the writer picks a palette per frame. */
    void add(BufferedImage frame) throws IOException {
        BufferedImage rgb = frame;
        if (frame.getType() != BufferedImage.TYPE_INT_RGB) {
            rgb = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(frame, 0, 0, null);
        }
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), param);
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        IIOMetadataNode apps = child(root, "ApplicationExtensions");
        IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
        loop.setAttribute("applicationID", "NETSCAPE");
        loop.setAttribute("authenticationCode", "2.0");
        loop.setUserObject(new byte[]{1, 0, 0});
        apps.appendChild(loop);
        meta.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(rgb, null, meta), param);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    @Override
    public void close() throws IOException {
        try {
            writer.endWriteSequence();
        } finally {
            writer.dispose();
            out.close();
        }
    }
}
