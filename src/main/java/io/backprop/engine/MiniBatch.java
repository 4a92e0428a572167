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
        for (int r = 0; r < count; r++) {
            int row = rows[first + r];
            System.arraycopy(sourceX, row * inputs + from, x, r * inputs + from, to - from);
            System.arraycopy(sourceY, row * outputs, y, r * outputs, outputs);
        }
    }

    /** The same into the batch's rows at .. at+count: a slice of the batch, e.g. one thread's share. */
    void gather(int[] rows, int first, int count, int at) {
        for (int r = 0; r < count; r++) {
            int row = rows[first + r];
            System.arraycopy(sourceX, row * inputs, x, (at + r) * inputs, inputs);
            System.arraycopy(sourceY, row * outputs, y, (at + r) * outputs, outputs);
        }
    }
}
