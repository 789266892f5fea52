package dev.dsv3viz.views;

import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class FormatTest {
    @Test
    void countsReadAsOnASlide() {
        assertEquals("37.6B", Format.count(37_552_297_472L));
        assertEquals("671B", Format.count(671_026_419_200L));
        assertEquals("1.03T", Format.count(1_026_000_000_000L));
        assertEquals("999", Format.count(999));
        assertEquals("671,026,419,200", Format.exact(671_026_419_200L));
    }

    @Test
    void bytesUseBinaryUnits() {
        assertEquals("68.6 KiB", Format.bytes(70_272));
        assertEquals("512 B", Format.bytes(512));
    }

    @Test
    void settingsAreWrittenPlainly() {
        assertEquals("0.01", Format.plain(0.01));
        assertEquals("0", Format.plain(0.0));
        assertEquals("2.5", Format.plain(2.5));
    }

    @Test
    void theDivergingMapIsWhiteAtZeroAndItsEndsDiffer() {
        assertEquals(Color.web("#f7f7f7"), Palette.diverging(0, 1));
        assertNotEquals(Palette.diverging(-1, 1), Palette.diverging(1, 1));
        assertEquals(Palette.diverging(5, 1), Palette.diverging(1, 1), "saturates at the scale");
    }
}
