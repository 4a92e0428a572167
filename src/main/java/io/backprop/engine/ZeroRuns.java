package io.backprop.engine;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Which steps of k a group of four rows of {@link FastMatrixKernel}'s A·B can skip: for each four neighbouring
 * rows of A (four images of a batch, in the first layer's X·W) and each panel of 64 steps (pixels), a long whose
 * bit s is set where any of the four rows' entries at the panel's step s is not zero. The group's tile then runs
 * the dense loop over each run of set bits.
 *
 * <p>Why groups and runs: half of a Fashion-MNIST image's pixels are zero, and an object's pixels lie in one
 * stretch of each of its rows of 28, so the steps that a few images need come in a few long runs. Shares of the
 * steps kept (200 random batches of 128): one image 45 % of the top half of the pixels and 54 % of the bottom
 * half; two neighbouring images 61 % and 72 %; four 74 % and 84 %; six 79 % and 89 %. A list per image (a step
 * per entry, W read from L2 row by row) ran slower than the dense product though it did half the FMAs (Zen 4, one
 * part's 128 × 392 × 256 of a batch-128 step: 390 µs against 260).
 *
 * <p>Why four rows: the tile's FMAs per load of B. Session 12 chose pairs on a Zen 4 host (one 512-bit FMA a
 * cycle), where a pair's step cost about 1.35× a dense one and the top and bottom halves took 193 and 232 µs
 * against the dense 256. On a Zen 5 host (two 512-bit FMAs a cycle) the pairs' eight accumulators and six loads
 * per eight FMAs ran slower than the dense six-row tile (155–210 µs against 127–160, interleaved runs): the
 * four-row tile, 16 accumulators and eight loads per 16 FMAs, took 137–143 µs on the top half, against the
 * pairs' 162–176 and the dense 141–146 in the same runs. A kept step of it costs about 1.3× a dense one there,
 * so it declines above {@value #MAX_KEPT_SHARE} of the steps kept, which the bottom half (84 %) is.
 *
 * <p>Only with 16-float vectors (AVX-512), whose panels are 64 steps, one long; NaN is not zero, so a NaN in A
 * is never skipped. Not thread-safe: one per thread, in its scratch.
 */
final class ZeroRuns {

    /** Whether the kernel's panels are one long's worth of steps, as the masks assume. */
    static final boolean APPLIES = FastMatrixKernel.KP == Long.SIZE && FloatVector.SPECIES_PREFERRED.length() == 16;
    /** Rows of A that share a mask: those of the kernel's tile that runs over it. */
    static final int GROUP = 4;
    /** Worth it only where the groups keep at most this share of the steps: a kept step costs ~1.3× a dense one. */
    private static final double MAX_KEPT_SHARE = 0.8;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private long[] masks = new long[0]; // [group][panel]
    private int panels;

    /**
     * Marks the steps of the groups of {@link #GROUP} rows among rows 0..rows of A (the last rows left out where
     * they do not fill a group), row i at aOffset + i·lda; false where they keep too many steps to be worth
     * skipping, and then nothing is to be read.
     */
    boolean mark(float[] a, int aOffset, int lda, int rows, int k) {
        int groups = rows / GROUP;
        panels = (k + Long.SIZE - 1) / Long.SIZE;
        if (groups == 0 || k == 0) {
            return false;
        }
        if (masks.length < groups * panels) {
            masks = new long[groups * panels];
        }
        Arrays.fill(masks, 0, groups * panels, 0L);
        int whole = k / L * L;
        long kept = 0;
        for (int t = 0; t < groups; t++) {
            int at = t * panels;
            for (int row = aOffset + GROUP * t * lda, last = row + GROUP * lda; row < last; row += lda) {
                int p = 0;
                for (; p < whole; p += L) { // L divides 64, so a vector's bits fall in one panel
                    long bits = FloatVector.fromArray(S, a, row + p).compare(VectorOperators.NE, 0f).toLong();
                    masks[at + (p >>> 6)] |= bits << (p & 63);
                }
                for (; p < k; p++) {
                    masks[at + (p >>> 6)] |= a[row + p] != 0f ? 1L << (p & 63) : 0L;
                }
            }
            for (int q = at; q < at + panels; q++) {
                kept += Long.bitCount(masks[q]);
            }
        }
        return kept <= MAX_KEPT_SHARE * groups * k;
    }

    /** The steps of panel {@code panel} (its bit s: step 64·panel + s) that group {@code t} keeps. */
    long mask(int t, int panel) {
        return masks[t * panels + panel];
    }
}
