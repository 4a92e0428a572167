package io.backprop.engine;

/**
 * The inputs and targets of one mini-batch, gathered from the dataset by row index into buffers allocated
 * once per run, so that any order of rows can be visited without allocating.
 *
 * <p>Legend: R rows in the dataset, B ≤ maxRows rows in the batch, I inputs, O outputs.
 * <pre>
 *   sourceX (R, I), sourceY (R, O)   the dataset
 *   x       (B, I), y       (B, O)   this batch, at the start of buffers of maxRows rows
 * </pre>
 */
final class MiniBatch {

    final float[] x; // (maxRows, I)
    final float[] y; // (maxRows, O)
    private final float[] sourceX; // (R, I)
    private final float[] sourceY; // (R, O)
    private final int inputs;
    private final int outputs;
    private int touched; // see touchFirstInputs; read by no one, so threads gathering slices may race on it

    MiniBatch(float[] sourceX, float[] sourceY, int inputs, int outputs, int maxRows) {
        this.sourceX = sourceX;
        this.sourceY = sourceY;
        this.inputs = inputs;
        this.outputs = outputs;
        this.x = new float[maxRows * inputs];
        this.y = new float[maxRows * outputs];
    }

    /** Copies rows[first .. first+count) of the dataset into x and y, in that order. */
    void gather(int[] rows, int first, int count) {
        gatherInputs(rows, first, count, 0, inputs);
    }

    /**
     * As {@link #gather(int[], int, int)}, but only inputs [from, to) of each row reach x, at their columns:
     * for a part of a training step that reads no other inputs, so that it copies only its share of the rows.
     */
    void gatherInputs(int[] rows, int first, int count, int from, int to) {
        touchFirstInputs(rows, first, count, from, to);
        for (int r = 0; r < count; r++) {
            int row = rows[first + r];
            System.arraycopy(sourceX, row * inputs + from, x, r * inputs + from, to - from);
            System.arraycopy(sourceY, row * outputs, y, r * outputs, outputs);
        }
    }

    /**
     * Reads each row's first input [from, to) before any row is copied. The rows are scattered over the dataset
     * (188 MB for Fashion-MNIST), so each starts with a TLB miss and a cache miss: these loads, independent of one
     * another, overlap them all, where each copy waited for its own. One part's share of a batch of 128 rows
     * (392 inputs) took 17-26 µs this way against 25-39 µs (Zen 5, interleaved), and the first layer's forward
     * phase, which gathers, 6-14 µs less a step per thread. The sum only keeps the loads from being removed as
     * dead code.
     */
    private void touchFirstInputs(int[] rows, int first, int count, int from, int to) {
        if (from == to) {
            return;
        }
        int sum = 0;
        for (int r = 0; r < count; r++) {
            sum += Float.floatToRawIntBits(sourceX[rows[first + r] * inputs + from]);
        }
        touched = sum;
    }

    /** The same into the batch's rows at .. at+count: a slice of the batch, e.g. one thread's share. */
    void gather(int[] rows, int first, int count, int at) {
        touchFirstInputs(rows, first, count, 0, inputs);
        for (int r = 0; r < count; r++) {
            int row = rows[first + r];
            System.arraycopy(sourceX, row * inputs, x, (at + r) * inputs, inputs);
            System.arraycopy(sourceY, row * outputs, y, (at + r) * outputs, outputs);
        }
    }
}
