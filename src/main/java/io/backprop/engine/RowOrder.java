package io.backprop.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which rows a run trains on, in what order each epoch, and which rows it holds out for validation.
 *
 * <p>One generator, seeded once, makes every random draw of a run, in this order: the validation split
 * (a Fisher–Yates permutation of all rows, drawn only when shuffling and holding rows out; the rows at
 * its end are held out), then each epoch's permutation of the training rows. Without shuffling the held-out
 * rows are the last rows as stored and nothing is drawn. Every order therefore depends only on the seed,
 * and a resumed run reproduces the draws of its first k epochs by calling {@link #nextEpoch()} k times.
 */
final class RowOrder {

    private final int[] trainingRows; // (training), ascending: each epoch starts from stored order
    private final int[] heldOutRows; // (heldOut), ascending
    private final int[] order; // (training), this epoch's visiting order
    private final boolean shuffle;
    private final SplittableRandom random;

    /** @throws IllegalArgumentException if the split leaves no training row */
    RowOrder(int rows, float validationSplit, boolean shuffle, long seed) {
        int heldOut = heldOutCount(rows, validationSplit);
        if (heldOut >= rows) {
            throw new IllegalArgumentException("a validationSplit of " + validationSplit + " holds out all " + rows
                    + " rows; at least 1 must remain for training");
        }
        this.shuffle = shuffle;
        this.random = new SplittableRandom(seed);
        int[] rowsInSplitOrder = identity(rows);
        if (shuffle && heldOut > 0) {
            permute(rowsInSplitOrder, rows, random);
        }
        this.trainingRows = Arrays.copyOfRange(rowsInSplitOrder, 0, rows - heldOut);
        this.heldOutRows = Arrays.copyOfRange(rowsInSplitOrder, rows - heldOut, rows);
        Arrays.sort(trainingRows);
        Arrays.sort(heldOutRows);
        this.order = trainingRows.clone();
    }

    /** round(rows·split), but at least 1 for any split > 0, so that asking for validation always gets some. */
    static int heldOutCount(int rows, float validationSplit) {
        if (validationSplit <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round((double) rows * validationSplit));
    }

    /** Arranges {@link #order()} for the next epoch: stored order, then shuffled when asked. */
    void nextEpoch() {
        System.arraycopy(trainingRows, 0, order, 0, order.length);
        if (shuffle) {
            permute(order, order.length, random);
        }
    }

    /** The training rows in this epoch's order; valid until the next {@link #nextEpoch()}. */
    int[] order() {
        return order;
    }

    int trainingCount() {
        return trainingRows.length;
    }

    /** The held-out rows in stored order; empty without a split. */
    int[] heldOutRows() {
        return heldOutRows;
    }

    private static int[] identity(int rows) {
        int[] values = new int[rows];
        for (int i = 0; i < rows; i++) {
            values[i] = i;
        }
        return values;
    }

    /** Fisher–Yates, the same draws as before validation splits existed, so old seeds keep their orders. */
    private static void permute(int[] values, int length, SplittableRandom random) {
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
