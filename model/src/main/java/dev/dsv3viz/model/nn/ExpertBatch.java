package dev.dsv3viz.model.nn;

/**
 * How the tokens of one MoE call are laid out for batched expert computation: each active expert gets a
 * row of {@code capacity} slots (capacity = the busiest expert's load), filled with the tokens routed to
 * it and padded with token 0, whose padded results are never read back.
 *
 * @param active   the experts chosen by at least one token, ascending
 * @param capacity slots per active expert
 * @param slotRows for every slot, (active * capacity), the token it reads
 * @param source   for every (token, k) pair, (T * k), the slot holding that expert's output for that token
 */
record ExpertBatch(int[] active, int capacity, int[] slotRows, int[] source) {

    /**
     * (T, active * capacity): row t holds token t's gate weight at the slot of each of its experts, so
     * that multiplying it with the slots' outputs weights and sums them in one product.
     */
    float[] combination(float[][] weights) {
        int t = weights.length;
        int k = t == 0 ? 0 : weights[0].length;
        int slots = active.length * capacity;
        float[] m = new float[t * slots];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < k; j++) {
                m[i * slots + source[i * k + j]] = weights[i][j];
            }
        }
        return m;
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
        int capacity = 0;
        for (int e = 0; e < experts; e++) {
            if (load[e] > 0) {
                position[e] = activeCount++;
                capacity = Math.max(capacity, load[e]);
            }
        }
        int[] active = new int[activeCount];
        for (int e = 0; e < experts; e++) {
            if (load[e] > 0) {
                active[position[e]] = e;
            }
        }
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
