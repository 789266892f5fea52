package dev.dsv3viz.model.nn;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batched experts' layout: few distinct capacities, and a combination whose width depends on T alone. */
class ExpertBatchTest {

    @Test
    void capacityKeepsThreeSignificantBits() {
        int[] loads = {0, 1, 2, 7, 8, 9, 10, 11, 16, 17, 21, 32, 33, 41, 64, 65, 200};
        int[] capacities = {0, 1, 2, 7, 8, 10, 10, 12, 16, 20, 24, 32, 40, 48, 64, 80, 224};
        for (int i = 0; i < loads.length; i++) {
            assertEquals(capacities[i], ExpertBatch.capacityFor(loads[i]), "load " + loads[i]);
        }
    }

    @Test
    void capacityHoldsTheLoadWithLessThanAQuarterMoreAndTakesFewValues() {
        for (int load = 1; load <= 4096; load++) {
            int c = ExpertBatch.capacityFor(load);
            assertTrue(c >= load && c < load * 1.25 + 1e-9, "load " + load + " -> " + c);
        }
        long distinct = IntStream.rangeClosed(1, 512).map(ExpertBatch::capacityFor).distinct().count();
        assertEquals(32, distinct); // 1..8, then four a doubling: 10..16, 20..32, ..., 320..512
    }

    @Test
    void oneTokenUsesItsSlotsAsTheyAre() {
        ExpertBatch b = ExpertBatch.of(new int[][]{{5, 2, 9}}, 16);
        assertArrayEquals(new int[]{2, 5, 9}, b.active());
        assertEquals(1, b.capacity());
        assertTrue(b.slotsArePairs());
        // columns follow the slots: expert 5 is slot 1, expert 2 slot 0, expert 9 slot 2
        assertArrayEquals(new float[]{0.2f, 0.5f, 0.3f}, b.combination(new float[][]{{0.5f, 0.2f, 0.3f}}));
    }

    @Test
    void paddedSlotsAreCombinedThroughThePairsInTokenOrder() {
        // expert 1 takes three tokens, expert 4 one: capacity 3, one slot of expert 4 is used
        int[][] chosen = {{1, 4}, {1, 3}, {1, 3}};
        ExpertBatch b = ExpertBatch.of(chosen, 8);
        assertArrayEquals(new int[]{1, 3, 4}, b.active());
        assertEquals(3, b.capacity());
        assertFalse(b.slotsArePairs());
        float[][] w = {{0.6f, 0.4f}, {0.7f, 0.3f}, {0.9f, 0.1f}};
        float[] m = b.combination(w); // (T, T*k) = (3, 6): block diagonal over the (token, k) pairs
        assertEquals(18, m.length);
        float[] expected = {
                0.6f, 0.4f, 0, 0, 0, 0,
                0, 0, 0.7f, 0.3f, 0, 0,
                0, 0, 0, 0, 0.9f, 0.1f};
        assertArrayEquals(expected, m);
        // and the pairs are found in their experts' slots: token 2's second expert (3) is expert 3's second slot
        assertEquals(1 * 3 + 1, b.source()[2 * 2 + 1]);
        assertEquals(2, b.slotRows()[b.source()[2 * 2 + 1]]);
    }
}
