package dev.dsv3viz.app;

import java.nio.file.Path;

/**
 * What a step-range export makes.
 *
 * @param from     first step, 0-based
 * @param to       last step, 0-based, inclusive
 * @param size     the picture's shape
 * @param scale    pixels per layout point: the larger, the larger the drawing looks on the slide
 * @param captions whether each picture carries the step's title in the UI language
 * @param gif      whether to write {@code steps.gif} with the same pictures
 * @param dir      where to write
 */
public record SlideSettings(int from, int to, Size size, double scale, boolean captions, boolean gif, Path dir) {
    /** Slide shapes; WINDOW pictures the whole window at its size. */
    public enum Size {
        WIDE(1920, 1080), STANDARD(1440, 1080), WINDOW(0, 0);

        private final int width;
        private final int height;

        Size(int width, int height) {
            this.width = width;
            this.height = height;
        }

        public int width() {
            return width;
        }

        public int height() {
            return height;
        }

        /** "16:9", "4:3" or "window", as the command line writes them. */
        public String key() {
            return switch (this) {
                case WIDE -> "16:9";
                case STANDARD -> "4:3";
                case WINDOW -> "window";
            };
        }
    }

    public SlideSettings {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("the step range " + (from + 1) + "-" + (to + 1) + " is empty");
        }
        if (!(scale >= 0.5 && scale <= 4)) {
            throw new IllegalArgumentException("the scale must be between 0.5 and 4, not " + scale);
        }
    }
}
