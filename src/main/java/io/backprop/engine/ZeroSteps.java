package io.backprop.engine;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Which steps of k a row tile of {@link FastMatrixKernel}'s Aᵀ·B can skip: for each tile of {@value #MR}
 * rows of C (MR neighbouring columns of the stored A, e.g. four pixels of Xᵀ in a weight gradient) and each
 * panel of {@value #KP} steps (rows of the stored A, e.g. images), the steps, counted from the panel's
 * first, at which some of the tile's entries of A is not zero, in increasing order. NaN is not zero, so a
 * NaN in A is never skipped.
 *
 * <p>Why: in the weight gradient Xᵀ·dZ of an MLP's first layer, 38 % of the (four neighbouring pixels, image)
 * pairs of Fashion-MNIST are all zero (the images' background). A ReLU layer's outputs are half zeros too, but
 * scattered: few groups of four units are all zero, so the caller asks for the first layer only. The plain
 * form's tiles (four images at one pixel) share a zero at only 21 % of the steps there, and its skipping
 * measured no gain: a listed step costs 10–25 % more than a step of the dense loop, and runs of steps, each
 * a dense loop, cost as much again at their ends.
 *
 * <p>Legend: the stored A is (k, m), its row p at {@code aOffset + p·lda}; tiles cover its columns
 * 0..MR·tiles. With 16-float vectors, four tiles at a time take one vector load per step (see
 * {@link #listFourTiles}); other tiles one entry at a time. Not thread-safe: one per thread, in its scratch.
 */
final class ZeroSteps {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = FastMatrixKernel.MR;
    private static final int KP = FastMatrixKernel.KP;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final IntVector LANES = IntVector.zero(I).addIndex(1);

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
        int t = 0;
        if (L == 16 && MR == 4) {
            for (; t + 4 <= tiles; t += 4) {
                for (int p0 = 0; p0 < k; p0 += 16) {
                    listFourTiles(a, aOffset + t * MR, lda, t, p0, Math.min(16, k - p0));
                }
            }
        } else if (L == 8 && MR == 4) {
            for (; t + 2 <= tiles; t += 2) {
                listTwoTiles(a, aOffset + t * MR, lda, t, k);
            }
        }
        for (; t < tiles; t++) {
            for (int p = 0; p < k; p++) {
                int pb = p / KP;
                int slot = t * panels + pb;
                int at = aOffset + p * lda + t * MR;
                boolean any = false;
                for (int r = 0; r < MR; r++) {
                    any |= a[at + r] != 0f;
                }
                steps[slot * KP + counts[slot]] = p - pb * KP;
                counts[slot] += any ? 1 : 0;
            }
        }
        long kept = 0;
        for (int s = 0; s < slots; s++) {
            kept += counts[s];
        }
        return kept < (long) tiles * k;
    }

    /**
     * Tiles t..t+3 (16 columns of A) over the {@code rows} ≤ 16 steps from p0, all in one panel (p0 is a
     * multiple of 16): one vector load and compare per step gives the 16 columns' non-zero bits, PEXT folds
     * them into one bit per tile, and the 16 steps' four bits are gathered into one long, which PEXT reads
     * back per tile as its mask of kept steps; compress then writes their lane numbers at once. About three
     * operations per tile and step, against eight, with a store-to-load chain, one step at a time.
     */
    private void listFourTiles(float[] a, int at, int lda, int t, int p0, int rows) {
        long perStep = 0; // bit 4s + u: step p0 + s is kept by tile t + u
        for (int s = 0; s < rows; s++) {
            long nonZero = FloatVector.fromArray(S, a, at + (p0 + s) * lda).compare(VectorOperators.NE, 0f).toLong();
            nonZero |= nonZero >>> 1;
            nonZero |= nonZero >>> 2; // bit 4u: some column of tile t + u
            perStep |= Long.compress(nonZero, 0x1111L) << (4 * s);
        }
        int pb = p0 / KP;
        IntVector lanes = LANES.add(p0 - pb * KP);
        for (int u = 0; u < 4; u++) {
            long kept = Long.compress(perStep, 0x1111_1111_1111_1111L << u);
            int slot = (t + u) * panels + pb;
            // writes 16 slots, of which the first bitCount hold steps: within the slot's KP, as p0 ≤ KP - 16
            lanes.compress(VectorMask.fromLong(I, kept)).intoArray(steps, slot * KP + counts[slot]);
            counts[slot] += Long.bitCount(kept);
        }
    }

    /**
     * Tiles t and t+1 (8 columns of A) over all k steps, for 8-float vectors (AVX2): one vector load and
     * compare per step gives both tiles' bits, and each tile appends the step branch-free. (Compress, as in
     * {@link #listFourTiles}, measured slower than one entry at a time on a Zen 1 host: C2 does not compile it
     * to one instruction without AVX-512.)
     */
    private void listTwoTiles(float[] a, int at, int lda, int t, int k) {
        for (int p = 0; p < k; p++) {
            long nonZero = FloatVector.fromArray(S, a, at + p * lda).compare(VectorOperators.NE, 0f).toLong();
            int pb = p / KP;
            int step = p - pb * KP;
            int first = t * panels + pb;
            int second = first + panels;
            steps[first * KP + counts[first]] = step;
            counts[first] += (nonZero & 0x0F) != 0 ? 1 : 0;
            steps[second * KP + counts[second]] = step;
            counts[second] += (nonZero & 0xF0) != 0 ? 1 : 0;
        }
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
