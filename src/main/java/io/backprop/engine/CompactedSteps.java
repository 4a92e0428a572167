package io.backprop.engine;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The steps of k that a row tile of {@link FastMatrixKernel}'s skipping Aᵀ·B keeps, with 8-float vectors (AVX2),
 * and the tile's entries of A at those steps packed side by side. For each tile of {@value #ROWS} rows of C
 * ({@value #ROWS} neighbouring columns of the stored A, e.g. five pixels of Xᵀ in a weight gradient), the steps
 * (rows of the stored A, e.g. images) at which some of its entries is not zero, in increasing order, each as its
 * offset in a packed panel of B ({@code step · ldb}); and those steps' {@value #ROWS} entries, one step after
 * another. NaN and infinity are not zero, so they are never skipped; a negative zero is.
 *
 * <p>Why packed: the tile then reads A in sequence, as the dense tiles read a transposed copy, and only B by the
 * listed offsets; the compaction is one pass over A that replaces the transposed copy the dense tiles would need.
 * Why five rows: five rows of two vectors are ten accumulators, which with the two vectors of B and the
 * broadcasts fit AVX2's 16 registers however C2 schedules them. Six rows (12 accumulators), as the dense tiles
 * have, compiled with an accumulator kept on the stack in the loop on a Zen 3 host (hsdis): each step then waited
 * on a store and a load, and took 1.7-1.8 times a dense step.
 *
 * <p>Legend: the stored A is (k, m), its row p at {@code aOffset + p·lda}; tiles cover its columns 0..ROWS·tiles.
 * Not thread-safe: one per thread (the kernel's scratch) or per task (a training step's chunk of inputs).
 */
final class CompactedSteps {

    /** Rows of C a tile takes: columns of the stored A per compaction. */
    static final int ROWS = 5;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    /** The lanes of a vector load that hold a tile's entries. */
    private static final long TILE_LANES = (1L << ROWS) - 1;

    /** Per tile, k slots of ROWS floats (and a vector's slack): the kept steps' entries of A, step after step. */
    float[] values = new float[0];
    /** Per tile, k slots: the kept steps' offsets in the panel of B. */
    int[] offsets = new int[0];
    private int[] counts = new int[0];
    // what was compacted (A is only referenced, to check that a product is handed the steps of its own A)
    private float[] a;
    private int aOffset;
    private int lda;
    private int m;
    private int k;
    private int ldb;
    private int tiles;

    /**
     * Packs the kept steps of the tiles of the stored A's first m columns (rows of C) over its k rows, for a
     * panel of B whose steps are {@code ldb} apart: as many whole tiles as there are, but for the last ones whose
     * vector loads would pass the array's end (the last row's last columns); the rows past them are the caller's.
     */
    void compact(float[] a, int aOffset, int lda, int m, int k, int ldb) {
        Strides.check(a, aOffset, lda, k, m);
        int tiles = fitting(a.length, aOffset, lda, m / ROWS, k);
        this.a = a;
        this.aOffset = aOffset;
        this.lda = lda;
        this.m = m;
        this.k = k;
        this.ldb = ldb;
        this.tiles = tiles;
        int stride = stride(k);
        if (counts.length < tiles) {
            counts = new int[tiles];
        }
        if (offsets.length < tiles * k) {
            offsets = new int[tiles * k];
        }
        if (values.length < tiles * stride) {
            values = new float[tiles * stride];
        }
        // row by row of the stored A, each tile appending to its own slots: its loads then stream along A's rows;
        // tile by tile, down A's columns, the compaction of a part's 400 × 128 took twice as long (Zen 3, A from L3)
        Arrays.fill(counts, 0, tiles, 0);
        for (int p = 0; p < k; p++) {
            int row = aOffset + p * lda;
            int step = p * ldb;
            for (int t = 0; t < tiles; t++) {
                int kept = counts[t];
                FloatVector v = FloatVector.fromArray(S, a, row + t * ROWS);
                v.intoArray(values, t * stride + kept * ROWS); // its lanes past the tile's: overwritten by the next step's
                offsets[t * k + kept] = step;
                long nonZero = v.compare(VectorOperators.NE, 0f).toLong() & TILE_LANES;
                counts[t] = kept + (int) ((nonZero | -nonZero) >>> 63); // branch-free: about 40 % of the steps are dropped
            }
        }
    }

    /** Whether these are the steps of A stored so, m × k, for a panel of B {@code ldb} a step. */
    boolean describe(float[] a, int aOffset, int lda, int m, int k, int ldb) {
        return this.a == a && this.aOffset == aOffset && this.lda == lda && this.m == m && this.k == k && this.ldb == ldb;
    }

    /** How many tiles were compacted: the rows from {@code tiles() · ROWS} on were not. */
    int tiles() {
        return tiles;
    }

    /**
     * How many of {@code tiles} tiles of A stored at aOffset with row stride lda can be compacted from an array of
     * {@code length}: those whose vector loads stay inside the array.
     */
    static int fitting(int length, int aOffset, int lda, int tiles, int k) {
        long lastRow = (long) aOffset + (long) (k - 1) * lda;
        long room = length - lastRow - S.length();
        return room < 0 ? 0 : (int) Math.min(tiles, room / ROWS + 1);
    }

    /** How many steps tile {@code t} keeps. */
    int count(int t) {
        return counts[t];
    }

    /** Where tile {@code t}'s entries of A begin in {@link #values}. */
    int valuesFrom(int t) {
        return t * stride(k);
    }

    /** Where tile {@code t}'s offsets begin in {@link #offsets}. */
    int offsetsFrom(int t) {
        return t * k;
    }

    private static int stride(int k) {
        return k * ROWS + S.length();
    }
}
