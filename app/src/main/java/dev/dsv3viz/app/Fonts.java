package dev.dsv3viz.app;

import java.awt.GraphicsEnvironment;

/** Whether the system has a font that can draw Chinese, so the app can warn instead of drawing boxes. */
final class Fonts {
    private static final String SAMPLE = "\u4E2D\u6587\u5B57\u4F53";
    private static Boolean chinese;

    private Fonts() {
    }

    static synchronized boolean canShowChinese() {
        if (chinese == null) {
            chinese = false;
            for (String family : GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
                if (new java.awt.Font(family, java.awt.Font.PLAIN, 12).canDisplayUpTo(SAMPLE) == -1) {
                    chinese = true;
                    break;
                }
            }
        }
        return chinese;
    }
}
