package dev.dsv3viz.model.nn;

/**
 * How the tokens of one MoE call are laid out for batched expert computation: each active expert gets a
 * row of {@code capacity} slots (the busiest expert's load, rounded up by {@link #capacityFor}), filled
 * with the tokens routed to it and padded with token 0, whose padded results are never read back.
 *
 * @param active   the experts chosen by at least one token, ascending
 * @param capacity slots per active expert
 * @param slotRows for every slot, (active * capacity), the token it reads
 * @param source   for every (token, k) pair, (T * k), the slot holding that expert's output for that token
 */
record ExpertBatch(int[] active, int capacity, int[] slotRows, int[] source) {

    /** Whether every slot holds exactly one (token, expert) pair, no padding: always so for a single token. */
    boolean slotsArePairs() {
        return slotRows.length == source.length;
    }

    /**
     * (T, T * k): row t holds token t's gate weights at the columns of its k (token, expert) pairs, so that
     * multiplying it with those pairs' outputs weights and sums them in one product. The columns follow
     * the slots when {@link #slotsArePairs()} (the slots' outputs are then used as they are), else the
     * pairs in (token, k) order (their outputs gathered from the slots first). Either way the width depends
     * on T alone, not on how the tokens were routed.
     */
    float[] combination(float[][] weights) {
        int t = weights.length;
        int k = t == 0 ? 0 : weights[0].length;
        int pairs = t * k;
        boolean bySlot = slotsArePairs();
        float[] m = new float[t * pairs];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < k; j++) {
                m[i * pairs + (bySlot ? source[i * k + j] : i * k + j)] = weights[i][j];
            }
        }
        return m;
    }

    /**
     * Slots per expert for the busiest expert's load: the load rounded up to three significant bits
     * (1..8, 10, 12, 14, 16, 20, 24, 28, 32, 40, ...), less than a quarter more. ND4J keeps a native
     * descriptor of every tensor shape it meets and never frees one; with the exact load the experts'
     * blocks took a new shape in nearly every prompt, and resident memory grew with every pass.
     */
    static int capacityFor(int load) {
        int step = Math.max(1, Integer.highestOneBit(Math.max(1, load - 1)) >> 2);
        return (load + step - 1) / step * step;
    }

    static ExpertBatch of(int[][] chosen, int experts) {
        int t = chosen.length;
        int k = t == 0 ? 0 : chosen[0].length;
        int[] load = new int[experts];
        for (int[] row : chosen) {
            for (int e : row) {
                load[e]++;
            }
        }
        int[] position = new int[experts];
        int activeCount = 0;
        int busiest = 0;
        for (int e = 0; e < experts; e++) {
            if (load[e] > 0) {
                position[e] = activeCount++;
                busiest = Math.max(busiest, load[e]);
            }
        }
        int[] active = new int[activeCount];
        for (int e = 0; e < experts; e++) {
            if (load[e] > 0) {
                active[position[e]] = e;
            }
        }
        int capacity = capacityFor(busiest);
        int[] slotRows = new int[activeCount * capacity];
        int[] filled = new int[experts];
        int[] source = new int[t * k];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < k; j++) {
                int e = chosen[i][j];
                int slot = position[e] * capacity + filled[e]++;
                slotRows[slot] = i;
                source[i * k + j] = slot;
            }
        }
        return new ExpertBatch(active, capacity, slotRows, source);
    }
}
