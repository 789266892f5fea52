package dev.dsv3viz.app.layout;

import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WCAG 2's contrast ratio on colours whose ratios are published. */
class ContrastTest {
    @Test
    void blackOnWhiteIsTwentyOneToOne() {
        assertEquals(21, Contrast.ratio(Color.BLACK, Color.WHITE), 1e-9);
        assertEquals(21, Contrast.ratio(Color.WHITE, Color.BLACK), 1e-9);
        assertEquals(1, Contrast.ratio(Color.web("#d35400"), Color.web("#d35400")), 1e-9);
    }

    @Test
    void theGreyThatJustPassesAaAndTheOneThatJustFails() {
        // #767676 on white is the lightest grey that meets 4.5:1 (4.54); #777777 is 4.48.
        assertEquals(4.54, Contrast.ratio(Color.web("#767676"), Color.WHITE), 0.005);
        assertEquals(4.48, Contrast.ratio(Color.web("#777777"), Color.WHITE), 0.005);
        assertTrue(Contrast.ratio(Color.web("#767676"), Color.WHITE) >= Contrast.AA);
        assertTrue(Contrast.ratio(Color.web("#777777"), Color.WHITE) < Contrast.AA);
    }

    @Test
    void luminanceFollowsTheSrgbCurve() {
        assertEquals(0.2126, Contrast.luminance(Color.RED), 1e-9);
        assertEquals(0.7152, Contrast.luminance(Color.LIME), 1e-9);
        // 50% grey (#808080) is about 21.6% luminance, not 50%.
        assertEquals(0.2159, Contrast.luminance(Color.web("#808080")), 5e-4);
    }

    @Test
    void aTranslucentTextIsSeenMixedWithWhatIsBehindIt() {
        Color seen = Contrast.over(Color.BLACK, 0.5, Color.WHITE);
        assertEquals(0.5, seen.getRed(), 1e-9);
        assertEquals("#808080", Contrast.hex(seen));
        assertEquals("#d35400", Contrast.hex(Contrast.over(Color.web("#d35400"), 1, Color.BLACK)));
    }
}
