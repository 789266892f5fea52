package dev.dsv3viz.model.trace;

/** Deep copies of int tables, so that trace records stay immutable. */
final class IntRows {
    private IntRows() {
    }

    static int[][] copy(int[][] rows) {
        int[][] out = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
