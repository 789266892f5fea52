package dev.dsv3viz.app;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where windows go, on screens of several sizes and places. */
class WindowBoundsTest {

    @Test
    void theMainWindowTakesNinetyPercentOfTheVisibleAreaCentred() {
        assertEquals(new Rectangle2D(96, 54, 1728, 972), WindowBounds.initial(new Rectangle2D(0, 0, 1920, 1080), 1024, 640));
        // A task bar at the bottom and a second screen to the right of the first.
        assertEquals(new Rectangle2D(2016, 52, 1728, 936), WindowBounds.initial(new Rectangle2D(1920, 0, 1920, 1040), 1024, 640));
    }

    @Test
    void theMainWindowIsNeverBelowItsMinimumNorBeyondTheScreen() {
        // 90% of 1100 x 700 is below the minimum: the minimum, centred.
        assertEquals(new Rectangle2D(38, 30, 1024, 640), WindowBounds.initial(new Rectangle2D(0, 0, 1100, 700), 1024, 640));
        // A netbook's screen, smaller than the minimum: all of it.
        assertEquals(new Rectangle2D(0, 24, 1024, 576), WindowBounds.initial(new Rectangle2D(0, 24, 1024, 576), 1024, 640));
    }

    @Test
    void aSecondaryWindowIsCentredOnItsOwnerAndMovedOrShrunkOntoTheScreen() {
        Rectangle2D screen = new Rectangle2D(0, 0, 1920, 1080);
        assertEquals(new Rectangle2D(335, 190, 1250, 700), WindowBounds.over(screen, 1250, 700, screen));
        // An owner near the bottom right corner: the window stays whole on the screen, title bar included.
        assertEquals(new Rectangle2D(670, 380, 1250, 700),
                WindowBounds.over(new Rectangle2D(1500, 900, 800, 600), 1250, 700, screen));
        // An owner partly above the screen.
        assertEquals(new Rectangle2D(0, 0, 400, 300), WindowBounds.over(new Rectangle2D(-300, -300, 400, 400), 400, 300, screen));
        // Larger than the screen: the screen.
        assertEquals(screen, WindowBounds.over(screen, 2500, 1400, screen));
    }
}
