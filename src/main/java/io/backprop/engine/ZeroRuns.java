package io.backprop.engine;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Which steps of k a pair of rows of {@link FastMatrixKernel}'s A·B can skip: for each pair of neighbouring rows
 * of A (two images of a batch, in the first layer's X·W) and each panel of 64 steps (pixels), a long whose bit s
 * is set where either row's entry at the panel's step s is not zero. The pair's tile then runs the dense loop
 * over each run of set bits.
 *
 * <p>Why pairs and runs: half of a Fashion-MNIST image's pixels are zero, and an object's pixels lie in one
 * stretch of each of its rows of 28, so the steps that two images need come in a few long runs: 62 % of the
 * steps in the top half of the images, 71 % in the bottom half. Four images share a zero at only 21 % of the
 * steps, too few to repay a tile's listed steps (see {@link ZeroSteps}), and a list per image (a step per
 * entry, W read from L2 row by row) ran slower than the dense product though it did half the FMAs (Zen 4, one
 * part's 128 × 392 × 256 of a batch-128 step: 390 µs against 260). The pair's tile has half the six-row
 * tile's FMAs per load of B, so a step of it costs about 1.35× as much; over the runs it took 193 and 232 µs
 * against the dense 256, and marking the runs 6 µs.
 *
 * <p>Only with 16-float vectors (AVX-512), whose panels are 64 steps, one long; NaN is not zero, so a NaN in A
 * is never skipped. Not thread-safe: one per thread, in its scratch.
 */
final class ZeroRuns {

    /** Whether the kernel's panels are one long's worth of steps, as the masks assume. */
    static final boolean APPLIES = FastMatrixKernel.KP == Long.SIZE && FloatVector.SPECIES_PREFERRED.length() == 16;
    /** Worth it only where the pairs keep at most this share of the steps: a kept step costs ~1.35× a dense one. */
    private static final double MAX_KEPT_SHARE = 0.75;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private long[] masks = new long[0]; // [pair][panel]
    private int panels;

    /**
     * Marks the steps of the pairs of rows 0..rows (an odd last row is left out) of A, row i at aOffset + i·lda;
     * false where they keep too many steps to be worth skipping, and then nothing is to be read.
     */
    boolean mark(float[] a, int aOffset, int lda, int rows, int k) {
        int pairs = rows / 2;
        panels = (k + Long.SIZE - 1) / Long.SIZE;
        if (pairs == 0 || k == 0) {
            return false;
        }
        if (masks.length < pairs * panels) {
            masks = new long[pairs * panels];
        }
        Arrays.fill(masks, 0, pairs * panels, 0L);
        int whole = k / L * L;
        long kept = 0;
        for (int t = 0; t < pairs; t++) {
            int r0 = aOffset + 2 * t * lda;
            int r1 = r0 + lda;
            int at = t * panels;
            int p = 0;
            for (; p < whole; p += L) { // L divides 64, so a vector's bits fall in one panel
                long bits = FloatVector.fromArray(S, a, r0 + p).compare(VectorOperators.NE, 0f)
                        .or(FloatVector.fromArray(S, a, r1 + p).compare(VectorOperators.NE, 0f)).toLong();
                masks[at + (p >>> 6)] |= bits << (p & 63);
            }
            for (; p < k; p++) {
                masks[at + (p >>> 6)] |= a[r0 + p] != 0f || a[r1 + p] != 0f ? 1L << (p & 63) : 0L;
            }
            for (int q = at; q < at + panels; q++) {
                kept += Long.bitCount(masks[q]);
            }
        }
        return kept <= MAX_KEPT_SHARE * pairs * k;
    }

    /** The steps of panel {@code panel} (its bit s: step 64·panel + s) that pair {@code t} keeps. */
    long mask(int t, int panel) {
        return masks[t * panels + panel];
    }
}
