package io.backprop.engine;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Which steps of k a row tile of {@link FastMatrixKernel}'s Aᵀ·B can skip: for each tile of {@value #MR}
 * rows of C (MR neighbouring columns of the stored A, e.g. four pixels of Xᵀ in a weight gradient) and each
 * panel of {@value #KP} steps (rows of the stored A, e.g. images), the steps, counted from the panel's
 * first, at which some of the tile's entries of A is not zero, in increasing order. NaN is not zero, so a
 * NaN in A is never skipped.
 *
 * <p>Why: in the weight gradient Xᵀ·dZ of an MLP's first layer, four neighbouring pixels of a Fashion-MNIST
 * image are all zero in 38 % of the images (its background), and a ReLU layer's outputs, the next layer's
 * X, are zero wherever its input was negative. The plain form's tiles (four images at one pixel) share a zero
 * at only 21 % of the steps there, and its skipping measured no gain: a listed step costs about 10 % more
 * than a step of the dense loop, and runs of steps, each a dense loop, cost as much again at their ends.
 *
 * <p>Legend: the stored A is (k, m), its row p at {@code aOffset + p·lda}; tiles cover its columns
 * 0..MR·tiles. Per step, one vector load covers L/MR tiles. Not thread-safe: one per thread, in its scratch.
 */
final class ZeroSteps {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = FastMatrixKernel.MR;
    private static final int KP = FastMatrixKernel.KP;

    /** Per tile and panel, KP slots: the steps that stay, counted from the panel's first step. */
    int[] steps = new int[0];
    private int[] counts = new int[0]; // [tile][panel] steps kept
    private int panels;

    /** Lists the steps of {@code tiles} tiles over k; false when no step of any tile can be skipped. */
    boolean list(float[] a, int aOffset, int lda, int tiles, int k) {
        panels = (k + KP - 1) / KP;
        int slots = tiles * panels;
        if (counts.length < slots) {
            counts = new int[slots];
            steps = new int[slots * KP];
        }
        Arrays.fill(counts, 0, slots, 0);
        int perVector = L / MR;
        for (int p = 0; p < k; p++) {
            int pb = p / KP;
            int step = p - pb * KP;
            int row = aOffset + p * lda;
            int t = 0;
            for (; t + perVector <= tiles; t += perVector) {
                long bits = FloatVector.fromArray(S, a, row + t * MR).compare(VectorOperators.NE, 0f).toLong();
                for (int u = 0; u < perVector; u++) { // branch-free: which pixels are zero follows no pattern
                    int slot = (t + u) * panels + pb;
                    steps[slot * KP + counts[slot]] = step;
                    counts[slot] += (bits >>> (u * MR) & ((1 << MR) - 1)) != 0 ? 1 : 0;
                }
            }
            for (; t < tiles; t++) {
                int slot = t * panels + pb;
                boolean any = false;
                for (int r = 0; r < MR; r++) {
                    any |= a[row + t * MR + r] != 0f;
                }
                steps[slot * KP + counts[slot]] = step;
                counts[slot] += any ? 1 : 0;
            }
        }
        long kept = 0;
        for (int s = 0; s < slots; s++) {
            kept += counts[s];
        }
        return kept < (long) tiles * k;
    }

    /** How many steps of panel {@code pb} tile {@code t} keeps. */
    int count(int t, int pb) {
        return counts[t * panels + pb];
    }

    /** Where the steps of tile {@code t}, panel {@code pb} begin in {@link #steps}. */
    int from(int t, int pb) {
        return (t * panels + pb) * KP;
    }
}
