package dev.dsv3viz.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak's arithmetic and verdict, on made-up readings (the soak itself is a benchmark, not a test). */
class SoakVerdictTest {
    private static final long MB = 1L << 20;

    private static MemoryReading reading(long residentMb, long heapCommittedMb) {
        return new MemoryReading(residentMb * MB, heapCommittedMb * MB, 10 * MB, 35 * MB, 110 * MB, 190 * MB);
    }

    @Test
    void offHeapIsResidentBeyondTheCommittedHeapAndOtherNativeExcludesWorkspaceAndJvm() {
        MemoryReading r = reading(400, 70);
        assertEquals(330 * MB, r.offHeapBytes());
        assertEquals((330 - 110 - 35) * MB, r.otherNativeBytes());
    }

    @Test
    void growthIsTheEndOverTheStartRoundedToFourPlaces() {
        assertEquals(0.0412, SoakVerdict.growth(10_000, 10_412));
        assertEquals(-0.25, SoakVerdict.growth(400, 300));
        assertTrue(Double.isNaN(SoakVerdict.growth(-1, 300)));
        assertTrue(Double.isNaN(SoakVerdict.growth(400, -1)));
    }

    @Test
    void passesWhenBothFiguresStayUnderTheBound() {
        SoakVerdict v = SoakVerdict.of(reading(400, 70), reading(420, 70), SoakVerdict.BOUND);
        assertEquals(0.05, v.residentGrowth());
        assertEquals(0.0606, v.offHeapGrowth());
        assertTrue(v.passed());
        assertEquals("PASS: resident +5.0%, off-heap +6.1% after warm-up (bound +10%)", v.summary());
    }

    @Test
    void failsWhenOffHeapGrowsPastTheBoundEvenIfResidentDoesNot() {
        // the heap shrank by as much as native memory grew: resident looks flat, off-heap does not
        SoakVerdict v = SoakVerdict.of(reading(400, 100), reading(420, 70), SoakVerdict.BOUND);
        assertTrue(v.residentGrowth() < SoakVerdict.BOUND);
        assertEquals(0.1667, v.offHeapGrowth());
        assertFalse(v.passed());
        assertTrue(v.summary().startsWith("FAIL: "));
    }

    @Test
    void failsAtTheBoundItself() {
        assertFalse(SoakVerdict.of(reading(400, 0), reading(440, 0), SoakVerdict.BOUND).passed());
    }

    @Test
    void shrinkingPassesAndUnmeasuredFails() {
        assertTrue(SoakVerdict.of(reading(400, 70), reading(380, 70), SoakVerdict.BOUND).passed());
        MemoryReading unmeasured = new MemoryReading(-1, 70 * MB, 10 * MB, 35 * MB, 110 * MB, -1);
        SoakVerdict v = SoakVerdict.of(unmeasured, unmeasured, SoakVerdict.BOUND);
        assertFalse(v.passed());
        assertEquals("FAIL: resident not measured, off-heap not measured after warm-up (bound +10%)", v.summary());
    }
}
