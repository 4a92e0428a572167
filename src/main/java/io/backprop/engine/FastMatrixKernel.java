package io.backprop.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked products with the Vector API, on the caller's thread and one helper thread.
 *
 * <p>Legend, for all three forms: C (m,n) with row stride n; the operand called A below is the left
 * factor as the product sees it, its (i,p) entry at {@code aOffset + i·rs + p·cs}; the right factor's
 * (p,j) entry at {@code bOffset + p·ldb + j}.
 * <pre>
 *   A·B    rs = k, cs = 1   A in place; B in place, or packed KP steps at a time (KP × NR), ldb = n or NR
 *   Aᵀ·B   rs = 1, cs = m   the same; with 8-float vectors, A first transposed (rs = k, cs = 1) and run as A·B
 *   A·Bᵀ   rs = k, cs = 1   A in place; B transposed into a per-thread panel (KC × NR), ldb = NR
 * </pre>
 * A micro-tile is {@value #MR} rows × four vectors (64 floats with AVX-512) of C, held in 16 accumulators
 * over the whole k loop: per step of k, four loads of B and four broadcasts of A feed 16 independent FMAs.
 * On a packed panel, A·B and A·Bᵀ take six rows at a time instead ({@link #tile6x4Rows}), with the strides
 * as constants so that its loop is free of range checks. B is packed where enough rows share a panel
 * ({@value #MIN_PACKED_TILES} tiles); A·Bᵀ needs Bᵀ's rows contiguous, and transposes B 16 × 16 blocks at
 * a time in registers, since nothing tells the kernel when B (the weights) changes, so a copy cannot be
 * cached between calls. Column
 * tails use two vectors, then single vectors read unmasked and finished in scalar (see {@link #tile4x1});
 * row tails a one-row tile. Fewer than {@value #DOT_MAX_ROWS} rows of A·Bᵀ are dot products instead.
 * A plain product of a single row (a prediction) skips the zero entries of that row instead (see
 * {@link #rowTimesMatrix}). Asked to, the A·B form skips the steps at which two or four rows of A (whichever
 * this host runs faster; rows grouped by where their zeros lie) are all zero, in runs ({@link ZeroRuns}), and the
 * Aᵀ·B form those at which a tile's four are ({@link ZeroSteps}).
 *
 * <p>Threads: a product worth splitting is cut into tasks (chunks of rows × chunks of columns; for A·Bᵀ
 * one panel's columns each) that the caller and the {@link WorkTeam}'s helper claim from one counter.
 * Inside a task of another job (a training step's phase) the team is taken, and a product runs on its
 * thread alone. Nothing is allocated per call: the scratch, including the product handed to the team, is
 * per thread and grows only to the largest product seen.
 */
final class FastMatrixKernel implements MatrixKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats in a vector (16 with AVX-512). */
    private static final int L = S.length();
    /** Rows of a micro-tile. */
    static final int MR = 4;
    /** Columns of a micro-tile: four vectors. */
    static final int NR = 4 * L;
    /**
     * With vectors of eight floats or fewer (AVX2, which has 16 vector registers, not AVX-512's 32), a
     * stretch of NR columns is done as two halves of two vectors each: a four-vector tile's 16 or 24
     * accumulators, with the four vectors of B and a broadcast, do not fit in 16 registers, and C2 spills
     * them. Measured on a Zen 1 host (AVX2): the six-row × four-vector tile ran A·B 128×784×256 at 21 GFLOP/s
     * on two cores, 29 % of the machine's peak.
     */
    private static final boolean HALF_TILES = L <= 8;
    /** Below this many rows an A·Bᵀ is done as dot products: transposing B would cost more than the product. */
    private static final int DOT_MAX_ROWS = 4;
    /** Products smaller than this (multiply-adds) run on the caller alone: handing over costs a microsecond or so. */
    static final long PARALLEL_MIN_FMAS = 1L << 17;
    /** Fewer rows than this are never split between threads. */
    static final int PARALLEL_MIN_ROWS = 8;
    /** Steps of k per panel of Bᵀ in the A·Bᵀ form (64 KiB): blocking k did not pay for the other forms. */
    private static final int KC = 256;
    /**
     * Steps of k per packed panel of B in the A·B and Aᵀ·B forms: KP × NR floats (16 KiB with AVX-512) stay in L1, beside
     * the stretches of A the tiles read, while every row tile of a block runs over them. Read in place
     * instead, a stretch of a layer's W or dZ has a row stride of 1 KiB and maps to a quarter of L1's sets,
     * so each tile streamed it from L2 again. (128 steps, 32 KiB, measured 7 % slower for Xᵀ·dZ of layer 1,
     * whose A is read down columns; 32 steps 13 % slower; on Intel hosts with AVX-512.) With the half tiles of
     * AVX2, 256 steps (32 KiB) measured best on a Zen 1 host, whose L1d is 32 KiB: X·W of the first layer at
     * batch 128 ran 1,288 and 1,242 products/s, against 1,215 and 1,210 at 128 steps and 1,183 and 1,043 at
     * 64; a training step 388 and 396 per second, against 389 and 361, and 363 and 371.
     */
    static final int KP = HALF_TILES ? 256 : 64;
    /**
     * Steps of k (a multiple of KP) that A·B's row tiles run over, for all of the task's columns, before the
     * next: the stretch of A they read (128 rows × 256 steps, 128 KiB at batch 128) then stays in L2 while
     * every column stretch of B passes over it, where the whole of a first layer's A (400 KiB) beside its W
     * (800 KiB) outgrew a Zen 1 core's 512 KiB L2 and was read from L3 once per column stretch.
     */
    private static final int BLOCK_K = 256;
    /**
     * A tile loops over its listed steps only when that skips at least 1/this of them: a listed step costs
     * 10–25 % more than a dense one (its loads are bounds-checked one by one). Listing every tile
     * made layer 2's weight gradient, whose ReLU inputs leave few steps of four units all zero, 25 % slower.
     */
    private static final int LISTED_MIN_SKIP = 4;
    /** Rows of C whose tiles' zero steps are listed at a time (see {@link ZeroSteps}). */
    private static final int LISTED_ROWS = 256;
    /**
     * Longer sums are not listed: the lists (LISTED_ROWS / MR × k ints, 1 MiB per thread at this k) would
     * outgrow the caches, and such a product (a whole dataset as one batch) is rare.
     */
    private static final int MAX_LISTED_K = 4096;
    /**
     * Row tiles that must share a packed panel to repay its copy; fewer read B in place. At 4 (16 rows) a
     * 32-row X·W of the first layer (k = 784) ran at 0.79x of reading W in place, on an Intel host. With
     * AVX2's half tiles, 8 (32 rows) measured better on a Zen 1 host: the batch-32 training step ran 1,315
     * and 1,319 per second, against 1,192 and 1,278 at 16 (alternating JMH runs of one build).
     */
    private static final int MIN_PACKED_TILES = HALF_TILES ? 8 : 16;
    /** Five-row tiles that must share a compaction of A and the packed panels of B (see {@link #compactsZeros}). */
    private static final int MIN_COMPACTED_TILES = 4;
    /**
     * With 8-float vectors (AVX2), an Aᵀ·B product of up to this many floats of A (4 MiB) runs as (Aᵀ)·B on a
     * per-thread transposed copy: its six-row tiles then read A along rows with constant strides, as A·B's
     * do, instead of a range-checked load (the stride is a variable) from a new row of the stored A at every
     * step. On a Zen 3 host (JMH, three forks each, products/s before → after): one core 784×128×256
     * 1,214 → 1,477; two cores, the copy made by both threads, 2,030 → 2,792 (see {@link #transposesA} for
     * the smaller ones). Larger products (a whole dataset as one batch) are not copied. AVX-512 hosts keep
     * reading A in place: copying A cost more than it saved on the Zen 4 host of an earlier session.
     */
    private static final int MAX_TRANSPOSED_A = 1 << 20;
    /**
     * At most this many multiply-adds a task (about 80-170 µs of one core), so that a large product (a whole
     * dataset evaluated at once) still evens out a helper that starts late or is taken away (not for Aᵀ·B read in
     * place: see {@link #run})...
     */
    private static final long MAX_TASK_FMAS = 1L << 24;
    /** ...and at least this many tasks, two for each thread. */
    private static final int MIN_TASKS = 4;
    /** How many times the warm-up times the runs' tiles (see {@link #timeRunTiles}); odd, for a median. */
    private static final int RUN_TILE_TIMINGS = 7;

    private static final int FORM_PLAIN = 0;
    private static final int FORM_TRANSPOSED_A = 1;
    private static final int FORM_TRANSPOSED_B = 2;

    private static final float[] TRANSPOSE_LANES = transposeLanes();
    // transpose8's rounds, with 8-float vectors only (null otherwise): SWAPh swaps the h-lane halves of each
    // 2h-lane group, HIGHh marks those groups' high halves
    private static final VectorShuffle<Float> SWAP4 = L == 8 ? VectorShuffle.fromValues(S, 4, 5, 6, 7, 0, 1, 2, 3) : null;
    private static final VectorShuffle<Float> SWAP2 = L == 8 ? VectorShuffle.fromValues(S, 2, 3, 0, 1, 6, 7, 4, 5) : null;
    private static final VectorShuffle<Float> SWAP1 = L == 8 ? VectorShuffle.fromValues(S, 1, 0, 3, 2, 5, 4, 7, 6) : null;
    private static final VectorMask<Float> HIGH4 = L == 8 ? VectorMask.fromLong(S, 0b1111_0000) : null;
    private static final VectorMask<Float> HIGH2 = L == 8 ? VectorMask.fromLong(S, 0b1100_1100) : null;
    private static final VectorMask<Float> HIGH1 = L == 8 ? VectorMask.fromLong(S, 0b1010_1010) : null;

    /** Per-thread scratch, so concurrent callers and the helper never share it. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        /** A KC × NR panel of Bᵀ for the A·Bᵀ form. */
        final float[] panel = new float[KC * NR];
        /** A KP × NR panel of B for the A·B and Aᵀ·B forms. */
        final float[] packed = new float[KP * NR];
        /** A column-tail tile of up to 8 rows. */
        final float[] tile = new float[8 * L];
        /** The steps of k each row tile of {@link #packedBlock} cannot skip. */
        final ZeroSteps steps = new ZeroSteps();
        /** The runs of steps of k each group of rows of a skipping A·B cannot skip. */
        final ZeroRuns runs = new ZeroRuns();
        /** This thread's product, when it is handed to the team. */
        final Product product = new Product();
        /** The steps of k whose entry of a single row of A is not zero; grown to the largest k seen. */
        int[] nonZero = new int[1024];
        /** Aᵀ of an Aᵀ·B product with half tiles (see {@link #transposedA}); grown to the largest seen. */
        private float[] aT = new float[0];
        /** The kept steps of a skipping Aᵀ·B's five-row tiles, with 8-float vectors (see {@link #compacted}). */
        final CompactedSteps compacted = new CompactedSteps();
        /** A panel of B over all k steps for {@link #compacted}; grown to the largest seen. */
        private float[] tallPanel = new float[0];
        /** This thread's transposition of A, when it is handed to the team. */
        final Transposition transposition = new Transposition();

        float[] tallPanel(int size) {
            if (tallPanel.length < size) {
                tallPanel = new float[size];
            }
            return tallPanel;
        }

        float[] aT(int size) {
            if (aT.length < size) {
                aT = new float[size];
            }
            return aT;
        }
    }

    /** {@link #transposeRows} of one product as two tasks for the {@link WorkTeam}, each half of Aᵀ's rows (in 8s). */
    private static final class Transposition implements WorkTeam.Tasks {
        private float[] a;
        private float[] aT;
        private int aOffset;
        private int lda;
        private int m;
        private int k;

        void set(float[] a, int aOffset, int lda, int m, int k, float[] aT) {
            this.a = a;
            this.aOffset = aOffset;
            this.lda = lda;
            this.m = m;
            this.k = k;
            this.aT = aT;
        }

        void clear() {
            a = aT = null;
        }

        @Override
        public void run(int t) {
            int half = ceilDiv(ceilDiv(m, 2), 8) * 8;
            transposeRows(a, aOffset, lda, k, aT, Math.min(m, t * half), Math.min(m, (t + 1) * half));
        }
    }

    @Override
    public String name() {
        return "fast";
    }

    @Override
    public String tuneToThisHost() {
        if (!ZeroRuns.APPLIES) {
            return "no runs of zeros to skip with " + L + "-float vectors";
        }
        RunTileTiming timed = timeRunTiles();
        ZeroRuns.use(timed.costs());
        return String.format(Locale.ROOT,
                "a kept step of the zero-skipping tiles costs %.2f (pairs) and %.2f (fours) dense steps"
                        + " (dense tiles' round %.1f µs)%s",
                timed.costs().pair(), timed.costs().four(), timed.denseNanos() / 1e3,
                ZeroRuns.costs() == timed.costs() ? "" : ", but backprop.runTiles=" + ZeroRuns.FIXED);
    }

    @Override
    public void multiply(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                         int m, int k, int n, boolean accumulate) {
        check(c, cOffset, a, aOffset, b, bOffset, m, k, n);
        run(FORM_PLAIN, c, cOffset, a, aOffset, b, bOffset, m, k, n, accumulate);
    }

    @Override
    public void multiplyTransposedA(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                                    int m, int k, int n, boolean accumulate) {
        check(c, cOffset, a, aOffset, b, bOffset, m, k, n);
        run(FORM_TRANSPOSED_A, c, cOffset, a, aOffset, b, bOffset, m, k, n, accumulate);
    }

    @Override
    public void multiplyStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, m, k, b, bOffset, ldb, k, n);
        packedBlock(c, cOffset, ldc, a, aOffset, lda, 1, b, bOffset, ldb, 0, m, 0, n, k, accumulate, false, null);
    }

    @Override
    public void multiplyStridedSkippingZeros(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                             float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, m, k, b, bOffset, ldb, k, n);
        packedBlock(c, cOffset, ldc, a, aOffset, lda, 1, b, bOffset, ldb, 0, m, 0, n, k, accumulate, true, null);
    }

    @Override
    public boolean marksZeroRuns(int rows) {
        return ZeroRuns.APPLIES && rows / MR >= MIN_PACKED_TILES; // fewer rows run block()'s dense tiles
    }

    @Override
    public void markZeroRuns(ZeroRuns runs, float[] a, int aOffset, int lda, int m, int k) {
        Strides.check(a, aOffset, lda, m, k);
        if (ZeroRuns.APPLIES) {
            runs.mark(a, aOffset, lda, m, k);
        }
    }

    @Override
    public void multiplyStridedSkippingZeros(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                             float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate,
                                             ZeroRuns marked) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, m, k, b, bOffset, ldb, k, n);
        if (marked != null && ZeroRuns.APPLIES && !marked.marks(a, aOffset, lda, m, k)) {
            throw new IllegalArgumentException("the runs were marked on another block of A");
        }
        packedBlock(c, cOffset, ldc, a, aOffset, lda, 1, b, bOffset, ldb, 0, m, 0, n, k, accumulate, true, marked);
    }

    @Override
    public void multiplyTransposedAStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                           float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, k, m, b, bOffset, ldb, k, n);
        if (transposesA(m, k, n, false)) {
            onTransposedA(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
            return;
        }
        packedBlock(c, cOffset, ldc, a, aOffset, 1, lda, b, bOffset, ldb, 0, m, 0, n, k, accumulate, false, null);
    }

    @Override
    public void multiplyTransposedAStridedSkippingZeros(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                                        float[] b, int bOffset, int ldb, int m, int k, int n,
                                                        boolean accumulate) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, k, m, b, bOffset, ldb, k, n);
        if (compactsZeros(m, k, n)) {
            compacted(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
            return;
        }
        if (transposesA(m, k, n, false)) {
            // With half tiles, the dense six-row tiles on a transposed copy beat the listed four-row ones: the
            // first layer's Xᵀ·dZ of a batch-128 step on Fashion-MNIST took 370-380 µs a part so, against
            // 420-455 listed (Zen 3, two cores). The sums are the same either way.
            onTransposedA(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
            return;
        }
        packedBlock(c, cOffset, ldc, a, aOffset, 1, lda, b, bOffset, ldb, 0, m, 0, n, k, accumulate, true, null);
    }

    @Override
    public int columnTile() {
        return NR;
    }

    @Override
    public boolean transposesA(int m, int k, int n) {
        return transposesA(m, k, n, false);
    }

    /**
     * With 8-float vectors (AVX2), the skipping Aᵀ·B packs each five-row tile's kept steps (see {@link
     * CompactedSteps}) instead of transposing A for the dense six-row tiles. On Fashion-MNIST at batch 128, 38 % of
     * the (five pixels, image) steps are all zero, and a kept step costs about 1.07 dense ones. A part's Xᵀ·dZ of the
     * first layer (400 inputs × 128 images, two blocks of 128 units, one thread, real batches, alternating in one
     * JVM on a Zen 3 host): 275-408 µs compacted (the compaction 49-53) against 375-548 on the transposed copy (the
     * copy 34-66); the training step 0-5 % faster (bench/step-ab.sh: SGD batch 128 1.001-1.048, Adam 1.048, batch 32
     * 1.012). With 16-float vectors the listed tiles read A in place instead.
     */
    @Override
    public boolean compactsZeros(int m, int k, int n) {
        return HALF_TILES && L == 8 && m / CompactedSteps.ROWS >= MIN_COMPACTED_TILES && k > 0 && k <= MAX_LISTED_K
                && n >= NR;
    }

    /**
     * The skipping Aᵀ·B on this thread, A read once into compacted five-row tiles (see {@link #compactsZeros}):
     * per NR-column stretch of B, a packed panel of all k steps, and each tile's two halves over its kept steps.
     * The rows past the last tile and the columns past the last stretch are {@link #block}'s, in place. Every
     * element's terms are summed in the order of k, in one chain, as the dense tiles sum them, without the terms
     * whose entry of A is zero: the same sums (up to the sign of an exact zero, and an infinite or NaN entry of B
     * met by a zero of A).
     */
    private static void compacted(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                  float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        CompactedSteps steps = SCRATCH.get().compacted;
        steps.compact(a, aOffset, lda, m, k, NR);
        onCompacted(c, cOffset, ldc, steps, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    @Override
    public void compactZeros(CompactedSteps into, float[] a, int aOffset, int lda, int m, int k) {
        into.compact(a, aOffset, lda, m, k, NR);
    }

    @Override
    public void multiplyTransposedAStridedCompacted(float[] c, int cOffset, int ldc, CompactedSteps steps,
                                                    float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                                    int m, int k, int n, boolean accumulate) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, k, m, b, bOffset, ldb, k, n);
        if (!steps.describe(a, aOffset, lda, m, k, NR)) {
            throw new IllegalArgumentException("the compacted steps are not those of this A");
        }
        onCompacted(c, cOffset, ldc, steps, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    /** The product of {@link #compacted}, on steps compacted already (of this A, for panels of NR columns). */
    private static void onCompacted(float[] c, int cOffset, int ldc, CompactedSteps steps, float[] a, int aOffset,
                                    int lda, float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        int tiles = steps.tiles();
        float[] panel = SCRATCH.get().tallPanel(k * NR);
        int jEnd = n / NR * NR;
        for (int j = 0; j < jEnd; j += NR) {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOffset + p * ldb + j, panel, p * NR, NR);
            }
            for (int t = 0; t < tiles; t++) {
                int ci = cOffset + t * CompactedSteps.ROWS * ldc + j;
                int from = steps.valuesFrom(t), at = steps.offsetsFrom(t), count = steps.count(t);
                tile5x2Compacted(c, ci, ldc, steps.values, from, panel, 0, steps.offsets, at, count, accumulate);
                tile5x2Compacted(c, ci + 2 * L, ldc, steps.values, from, panel, 2 * L, steps.offsets, at, count, accumulate);
            }
        }
        int done = tiles * CompactedSteps.ROWS;
        if (done < m) {
            block(c, cOffset, ldc, a, aOffset, 1, lda, b, bOffset, ldb, done, m, 0, jEnd, k, accumulate);
        }
        if (jEnd < n) {
            block(c, cOffset, ldc, a, aOffset, 1, lda, b, bOffset, ldb, 0, m, jEnd, n, k, accumulate);
        }
    }

    @Override
    public void transposeStrided(float[] aT, float[] a, int aOffset, int lda, int m, int k) {
        Strides.check(aT, 0, k, m, k, a, aOffset, lda, k, m);
        transposeRows(a, aOffset, lda, k, aT, 0, m);
    }

    /** The strided Aᵀ·B on this thread as A·B, on a transposed copy of A (see {@link #MAX_TRANSPOSED_A}). */
    private static void onTransposedA(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                      float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        float[] aT = transposedA(a, aOffset, lda, m, k);
        packedBlock(c, cOffset, ldc, aT, 0, k, 1, b, bOffset, ldb, 0, m, 0, n, k, accumulate, false, null);
    }

    @Override
    public void multiplyTransposedBStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                           float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, m, k, b, bOffset, ldb, n, k);
        if (m < DOT_MAX_ROWS) {
            dotProducts(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
            return;
        }
        for (int j0 = 0; j0 < n; j0 += NR) {
            transposedB(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, 0, m, j0, Math.min(n, j0 + NR), k, accumulate);
        }
    }

    @Override
    public void multiplyTransposedB(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                                    int m, int k, int n, boolean accumulate) {
        check(c, cOffset, a, aOffset, b, bOffset, m, k, n);
        if (m < DOT_MAX_ROWS) {
            dotProducts(c, cOffset, n, a, aOffset, k, b, bOffset, k, m, k, n, accumulate);
            return;
        }
        run(FORM_TRANSPOSED_B, c, cOffset, a, aOffset, b, bOffset, m, k, n, accumulate);
    }

    /** Up front, so a task never throws on the helper thread: all three operands hold m·k, k·n and m·n floats. */
    private static void check(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset, int m, int k, int n) {
        if (m < 0 || k < 0 || n < 0) {
            throw new IllegalArgumentException("negative size m=" + m + " k=" + k + " n=" + n);
        }
        Objects.checkFromIndexSize(cOffset, Math.multiplyExact(m, n), c.length);
        Objects.checkFromIndexSize(aOffset, Math.multiplyExact(m, k), a.length);
        Objects.checkFromIndexSize(bOffset, Math.multiplyExact(k, n), b.length);
    }

    // ---- splitting into tasks --------------------------------------------------------------------------

    private static void run(int form, float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                            int m, int k, int n, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (m == 1 && form == FORM_PLAIN) {
            rowTimesMatrix(c, cOffset, a, aOffset, b, bOffset, k, n, accumulate);
            return;
        }
        WorkTeam team = WorkTeam.SHARED;
        // A few rows (a single prediction) are done by the caller alone: handing half a row over to the
        // helper thread costs more than it saves, and under concurrent requests every core is busy anyway.
        boolean parallel = team != null && m >= PARALLEL_MIN_ROWS && (long) m * n * k >= PARALLEL_MIN_FMAS;
        if (form == FORM_TRANSPOSED_A && transposesA(m, k, n, parallel)) { // before the tasks, which then share the copy
            if (parallel) { // by both threads, each its half of A's columns, so neither waits for the copy alone
                Scratch scratch = SCRATCH.get();
                float[] aT = scratch.aT(m * k);
                scratch.transposition.set(a, aOffset, m, m, k, aT);
                try {
                    WorkTeam.runAll(scratch.transposition, 2);
                } finally {
                    scratch.transposition.clear();
                }
                a = aT;
            } else {
                a = transposedA(a, aOffset, m, m, k);
            }
            aOffset = 0;
            form = FORM_PLAIN;
        }
        int rowBlocks = ceilDiv(m, MR);
        int colTiles = ceilDiv(n, NR);
        long tileFmas = (long) MR * NR * Math.max(k, 1);
        // Tasks few and large: a task packs (or, for A·Bᵀ, transposes) B's panels for its own rows only, and takes
        // A·B BLOCK_K steps at a time across all its columns, so each cut repacks B or rereads A. The longer side of
        // C's block is halved (its operand is the larger share of the block's working set), but rows only while both
        // halves still fill packed panels, or when no column cut is left. On a Zen 5 host, against eight tasks cut by
        // columns first (alternating in one JVM): X·W 128×784×256 1.02-1.09x (two column halves, each cut in two by
        // rows), 128×256×128 0.99-1.27x, 10000×784×256 1.25-1.34x (it had been cut into 2^19-FMA tasks); dZ·Wᵀ
        // 128×128×256 1.03-1.05x, 32×128×256 1.21-1.24x. Aᵀ·B read in place (AVX-512, and AVX2 where it does not
        // transpose A) is cut the same way. Its own cut before, column-first tasks of 2^19 FMAs (a task's rows of A
        // read again for each column stretch), had measured 4-11 % faster on that Zen 5 host, but on a Zen 4 host (the
        // issue's) this cut takes 0.72-0.96 of its time, alternating in one JVM: Xᵀ·dZ 784×128×256 0.95-0.96x,
        // 256×128×128 0.89-0.96x, 784×32×256 0.76-0.85x, 256×32×128 0.72-0.80x; and 0.31-0.78x while that host ran
        // slow. Its tasks are not capped in size: its tiles take all of k at once, so a capped task of a long sum (a
        // whole dataset as one batch) is a few rows whose tiles each read all of B again; capped, Xᵀ·dZ 784×60000×256
        // ran at a fifth of the uncapped speed (27 against 122 GFLOP/s) and 784×10000×256 at 0.44x.
        boolean inPlaceAt = form == FORM_TRANSPOSED_A;
        int blocksPerTask = rowBlocks;
        int tilesPerTask = form == FORM_TRANSPOSED_B ? 1 : colTiles; // A·Bᵀ transposes at most NR columns a task
        long maxTaskFmas = inPlaceAt ? Long.MAX_VALUE : MAX_TASK_FMAS;
        while (parallel && (ceilDiv(rowBlocks, blocksPerTask) * ceilDiv(colTiles, tilesPerTask) < MIN_TASKS
                || tileFmas * blocksPerTask * tilesPerTask > maxTaskFmas)) {
            boolean rowsPack = blocksPerTask >= 2 * MIN_PACKED_TILES;
            boolean rowsLonger = blocksPerTask * MR >= tilesPerTask * NR;
            if (rowsPack && rowsLonger) {
                blocksPerTask = ceilDiv(blocksPerTask, 2);
            } else if (tilesPerTask > 1) {
                tilesPerTask = ceilDiv(tilesPerTask, 2);
            } else if (blocksPerTask > 1) {
                blocksPerTask = ceilDiv(blocksPerTask, 2);
            } else {
                break;
            }
        }
        // the same number of tasks, as even as the blocks allow
        blocksPerTask = ceilDiv(rowBlocks, ceilDiv(rowBlocks, blocksPerTask));
        tilesPerTask = ceilDiv(colTiles, ceilDiv(colTiles, tilesPerTask));
        int rowsPerTask = blocksPerTask * MR;
        int colsPerTask = tilesPerTask * NR;
        int rowTasks = ceilDiv(m, rowsPerTask);
        int tasks = rowTasks * ceilDiv(n, colsPerTask);
        if (parallel && tasks >= 2) {
            Product product = SCRATCH.get().product;
            product.set(form, c, cOffset, a, aOffset, b, bOffset, m, k, n, accumulate, rowTasks, rowsPerTask, colsPerTask);
            if (team.tryPost(product, tasks)) {
                try {
                    team.workAndClose();
                } finally {
                    product.clear();
                }
                return;
            }
            product.clear();
        }
        for (int t = 0; t < tasks; t++) {
            task(form, c, cOffset, a, aOffset, b, bOffset, m, k, n, accumulate, t, rowTasks, rowsPerTask, colsPerTask);
        }
    }

    /** One product's arguments as tasks for the {@link WorkTeam}: one per calling thread, reused, so posting allocates nothing. */
    private static final class Product implements WorkTeam.Tasks {
        private int form;
        private float[] c;
        private float[] a;
        private float[] b;
        private int cOffset;
        private int aOffset;
        private int bOffset;
        private int m;
        private int k;
        private int n;
        private boolean accumulate;
        private int rowTasks;
        private int rowsPerTask;
        private int colsPerTask;

        void set(int form, float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                 int m, int k, int n, boolean accumulate, int rowTasks, int rowsPerTask, int colsPerTask) {
            this.form = form;
            this.c = c;
            this.a = a;
            this.b = b;
            this.cOffset = cOffset;
            this.aOffset = aOffset;
            this.bOffset = bOffset;
            this.m = m;
            this.k = k;
            this.n = n;
            this.accumulate = accumulate;
            this.rowTasks = rowTasks;
            this.rowsPerTask = rowsPerTask;
            this.colsPerTask = colsPerTask;
        }

        /** Drops the references, so a finished product does not keep its arrays reachable. */
        void clear() {
            c = a = b = null;
        }

        @Override
        public void run(int t) {
            task(form, c, cOffset, a, aOffset, b, bOffset, m, k, n, accumulate, t, rowTasks, rowsPerTask, colsPerTask);
        }
    }

    /**
     * Task t: the rows of row chunk t % rowTasks and the columns of column chunk t / rowTasks, so the two
     * threads work on the same columns of B at the same time.
     */
    private static void task(int form, float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                             int m, int k, int n, boolean accumulate, int t, int rowTasks, int rowsPerTask, int colsPerTask) {
        int i0 = (t % rowTasks) * rowsPerTask;
        int i1 = Math.min(m, i0 + rowsPerTask);
        int j0 = (t / rowTasks) * colsPerTask;
        int j1 = Math.min(n, j0 + colsPerTask);
        switch (form) {
            case FORM_PLAIN -> packedBlock(c, cOffset, n, a, aOffset, k, 1, b, bOffset, n, i0, i1, j0, j1, k, accumulate, false, null);
            case FORM_TRANSPOSED_A -> packedBlock(c, cOffset, n, a, aOffset, 1, m, b, bOffset, n, i0, i1, j0, j1, k, accumulate, false, null);
            default -> transposedB(c, cOffset, n, a, aOffset, k, b, bOffset, k, i0, i1, j0, j1, k, accumulate);
        }
    }

    /**
     * C[i0..i1, j0..j1] = A·Bᵀ with B stored (n, k), row strides ldc, lda and ldb: Bᵀ's columns j0..j1 are
     * transposed into this thread's panel (at most NR of them, KC steps of k at a time, 16 × 16 blocks in
     * registers) and multiplied as the plain form.
     */
    private static void transposedB(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                    float[] b, int bOffset, int ldb, int i0, int i1, int j0, int j1, int k,
                                    boolean accumulate) {
        float[] panel = SCRATCH.get().panel;
        int width = j1 - j0;
        int kb = 0;
        do {
            int kc = Math.min(KC, k - kb);
            // panel(p, jj) = B(j0 + jj, kb + p)
            int jj = 0;
            if (L == 8 || L == 16) {
                for (; jj + L <= width; jj += L) {
                    int from = bOffset + (j0 + jj) * ldb + kb;
                    int p = 0;
                    for (; p + L <= kc; p += L) {
                        if (L == 16) {
                            transpose16(b, from + p, ldb, panel, p * NR + jj, NR);
                        } else {
                            transpose8(b, from + p, ldb, panel, p * NR + jj, NR);
                        }
                    }
                    for (; p < kc; p++) {
                        for (int r = 0; r < L; r++) {
                            panel[p * NR + jj + r] = b[from + r * ldb + p];
                        }
                    }
                }
            }
            for (; jj < width; jj++) {
                int from = bOffset + (j0 + jj) * ldb + kb;
                for (int p = 0; p < kc; p++) {
                    panel[p * NR + jj] = b[from + p];
                }
            }
            boolean add = accumulate || kb > 0;
            if (width == NR) {
                rowsOnPanel(c, cOffset + i0 * ldc + j0, ldc, a, aOffset + i0 * lda + kb, lda, i1 - i0, panel, kc, add);
            } else {
                block(c, cOffset + j0, ldc, a, aOffset + kb, lda, 1, panel, 0, NR, i0, i1, 0, width, kc, add);
            }
            kb += kc;
        } while (kb < k);
    }

    /**
     * As {@link #block}, but each whole NR-column stretch of B is copied KP steps of k at a time into this
     * thread's packed panel, which all the row tiles then read from L1. The sums are taken in the same
     * order (a tile's accumulators go through C between panels, exactly), so the result is {@link #block}'s
     * bit for bit. Blocks of too few rows, and the column tail, are left to {@link #block}.
     *
     * <p>With {@code skipZeros}, in the Aᵀ·B form (rs = 1: a weight gradient Xᵀ·dZ of images), a row tile skips
     * the steps of k at which its MR entries of A are all zero (see {@link ZeroSteps}). Only where the caller
     * asks: listing costs about 10 % of a dense product, which a factor without runs of zeros does not repay.
     * Skipping adds nothing that was not an exact zero, so the sums are the dense tile's (up to the sign of
     * an exact zero, and an infinite or NaN entry of B met by a zero of A, which finite values never are).
     * Rows are taken {@value #LISTED_ROWS} at a time, so the lists of steps stay small.
     */
    private static void packedBlock(float[] c, int cOffset, int ldc, float[] a, int aOffset, int rs, int cs,
                                    float[] b, int bOffset, int ldb, int i0, int i1, int j0, int j1, int k,
                                    boolean accumulate, boolean skipZeros, ZeroRuns marked) {
        if (k == 0 || (i1 - i0) / MR < MIN_PACKED_TILES) {
            block(c, cOffset, ldc, a, aOffset, rs, cs, b, bOffset, ldb, i0, i1, j0, j1, k, accumulate);
            return;
        }
        Scratch scratch = SCRATCH.get();
        float[] panel = scratch.packed;
        ZeroSteps steps = scratch.steps;
        int jEnd = j0 + (j1 - j0) / NR * NR;
        boolean listed = skipZeros && rs == 1 && k <= MAX_LISTED_K;
        int chunk = listed ? LISTED_ROWS : i1 - i0;
        int depth = cs == 1 ? BLOCK_K : k;
        ZeroRuns runs = marked != null ? marked : scratch.runs; // the caller's are of all the rows: one chunk of them
        for (int r0 = i0; r0 < i1 && j0 < jEnd; r0 += chunk) {
            int r1 = Math.min(i1, r0 + chunk);
            int tiles = (r1 - r0) / MR;
            boolean skip = listed && steps.list(a, aOffset + r0, cs, tiles, k);
            // A·B over groups' runs, on panels of one mask's 64 steps (a long), also where KP is 256 (AVX2)
            int group = !ZeroRuns.APPLIES || !skipZeros || cs != 1 ? 0
                    : marked != null ? marked.group() : runs.mark(a, aOffset + r0 * rs, rs, r1 - r0, k);
            int kp = group > 0 ? Long.SIZE : KP;
            for (int k0 = 0; k0 < k; k0 += depth) { // A·B: BLOCK_K steps at a time, all columns; Aᵀ·B: all of k
                for (int j = j0; j < jEnd; j += NR) {
                    for (int kb = k0, panelIndex = k0 / kp, kEnd = Math.min(k, k0 + depth); kb < kEnd; kb += kp, panelIndex++) {
                        int kc = Math.min(kp, k - kb);
                        for (int p = 0; p < kc; p++) {
                            System.arraycopy(b, bOffset + (kb + p) * ldb + j, panel, p * NR, NR);
                        }
                        boolean add = accumulate || kb > 0;
                        int ak = aOffset + kb * cs;
                        if (cs == 1) { // A·B
                            if (group > 0) {
                                rowGroupsOnPanel(c, cOffset + r0 * ldc + j, ldc, a, ak + r0 * rs, rs, r1 - r0, panel, kc,
                                        add, runs, group, panelIndex);
                            } else {
                                rowsOnPanel(c, cOffset + r0 * ldc + j, ldc, a, ak + r0 * rs, rs, r1 - r0, panel, kc, add);
                            }
                            continue;
                        }
                        // Aᵀ·B: four-row tiles, each over its listed steps where that skips enough to pay
                        int i = r0;
                        if (HALF_TILES && !skip) { // nothing listed: six rows at a time, as in rowsOnPanel
                            for (; i + 6 <= r1; i += 6) {
                                tile6x2(c, cOffset + i * ldc + j, ldc, a, ak + i * rs, rs, cs, panel, 0, kc, add);
                                tile6x2(c, cOffset + i * ldc + j + 2 * L, ldc, a, ak + i * rs, rs, cs, panel, 2 * L, kc, add);
                            }
                            for (; i + MR <= r1; i += MR) {
                                fourRows(c, cOffset + i * ldc + j, ldc, a, ak + i * rs, rs, cs, panel, 0, NR, kc, add);
                            }
                        } else {
                            int skipping = Math.max(1, kc / LISTED_MIN_SKIP);
                            for (int t = 0; t < tiles; ) {
                                int count = skip ? steps.count(t, panelIndex) : kc;
                                if (kc - count >= skipping) {
                                    int ci = cOffset + i * ldc + j, ai = ak + i * rs, from = steps.from(t, panelIndex);
                                    if (HALF_TILES) {
                                        tile4x2Listed(c, ci, ldc, a, ai, cs, panel, 0, steps.steps, from, count, add);
                                        tile4x2Listed(c, ci + 2 * L, ldc, a, ai, cs, panel, 2 * L, steps.steps, from, count, add);
                                    } else {
                                        tile4x4Listed(c, ci, ldc, a, ai, cs, panel, steps.steps, from, count, add);
                                    }
                                    t++;
                                    i += MR;
                                    continue;
                                }
                                // a run of tiles that go dense (an image's middle): with half tiles, six rows at
                                // a time where the run allows, the same sums as four-row tiles, 12 accumulators
                                int run = 1;
                                while (HALF_TILES && t + run < tiles && kc - (skip ? steps.count(t + run, panelIndex) : kc) < skipping) {
                                    run++;
                                }
                                int end = i + run * MR;
                                if (HALF_TILES) {
                                    int fours = switch (run * MR % 6) { case 2 -> 2; case 4 -> 1; default -> 0; };
                                    for (int sixEnd = end - fours * MR; i < sixEnd; i += 6) {
                                        tile6x2(c, cOffset + i * ldc + j, ldc, a, ak + i * rs, rs, cs, panel, 0, kc, add);
                                        tile6x2(c, cOffset + i * ldc + j + 2 * L, ldc, a, ak + i * rs, rs, cs, panel, 2 * L, kc, add);
                                    }
                                }
                                for (; i < end; i += MR) {
                                    fourRows(c, cOffset + i * ldc + j, ldc, a, ak + i * rs, rs, cs, panel, 0, NR, kc, add);
                                }
                                t += run;
                            }
                        }
                        for (; i < r1; i++) {
                            tile1x4(c, cOffset + i * ldc + j, a, ak + i * rs, cs, panel, 0, NR, kc, add);
                        }
                    }
                }
            }
        }
        if (jEnd < j1) {
            block(c, cOffset, ldc, a, aOffset, rs, cs, b, bOffset, ldb, i0, i1, jEnd, j1, k, accumulate);
        }
    }

    /**
     * C[i0..i1, j0..j1] over k, tile by tile, columns outer so each stretch of B serves all the rows; the
     * offsets of C and B are those of column 0.
     */
    private static void block(float[] c, int cOffset, int ldc, float[] a, int aOffset, int rs, int cs,
                              float[] b, int bOffset, int ldb, int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        int j = j0;
        for (; j + NR <= j1; j += NR) {
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                fourRows(c, cOffset + i * ldc + j, ldc, a, aOffset + i * rs, rs, cs, b, bOffset + j, ldb, k, accumulate);
            }
            for (; i < i1; i++) {
                tile1x4(c, cOffset + i * ldc + j, a, aOffset + i * rs, cs, b, bOffset + j, ldb, k, accumulate);
            }
        }
        if (j == j1) {
            return;
        }
        float[] tile = SCRATCH.get().tile;
        if (j + 2 * L <= j1) {
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                tile4x2(c, cOffset + i * ldc + j, ldc, a, aOffset + i * rs, rs, cs, b, bOffset + j, ldb, k, accumulate);
            }
            for (; i < i1; i++) {
                tile1x1(c, cOffset + i * ldc + j, a, aOffset + i * rs, cs, b, bOffset + j, ldb, k, accumulate, L, tile);
                tile1x1(c, cOffset + i * ldc + j + L, a, aOffset + i * rs, cs, b, bOffset + j + L, ldb, k, accumulate, L, tile);
            }
            j += 2 * L;
        }
        for (; j < j1; j += L) {
            int cols = Math.min(L, j1 - j);
            int i = i0;
            for (; i + 8 <= i1; i += 8) {
                tile8x1(c, cOffset + i * ldc + j, ldc, a, aOffset + i * rs, rs, cs, b, bOffset + j, ldb, k, accumulate, cols, tile);
            }
            for (; i + MR <= i1; i += MR) {
                tile4x1(c, cOffset + i * ldc + j, ldc, a, aOffset + i * rs, rs, cs, b, bOffset + j, ldb, k, accumulate, cols, tile);
            }
            for (; i < i1; i++) {
                tile1x1(c, cOffset + i * ldc + j, a, aOffset + i * rs, cs, b, bOffset + j, ldb, k, accumulate, cols, tile);
            }
        }
    }

    // ---- micro-tiles -----------------------------------------------------------------------------------

    /** C(4 rows, NR columns) at ci: one four-vector tile, or two two-vector ones (see {@link #HALF_TILES}). */
    private static void fourRows(float[] c, int ci, int ldc, float[] a, int ai, int rs, int cs,
                                 float[] b, int bi, int ldb, int k, boolean accumulate) {
        if (HALF_TILES) {
            tile4x2(c, ci, ldc, a, ai, rs, cs, b, bi, ldb, k, accumulate);
            tile4x2(c, ci + 2 * L, ldc, a, ai, rs, cs, b, bi + 2 * L, ldb, k, accumulate);
        } else {
            tile4x4(c, ci, ldc, a, ai, rs, cs, b, bi, ldb, k, accumulate);
        }
    }

    /**
     * C(4 rows, 4 vectors) at ci: 16 independent accumulators; per step of k, four loads of one 256-byte
     * stretch of a row of B and four broadcasts of A. (8 rows × 2 vectors has as many accumulators but read
     * B in two-line stretches 1 KiB apart, which measured 15 % slower here.)
     */
    private static void tile4x4(float[] c, int ci, int ldc, float[] a, int ai, int rs, int cs,
                                float[] b, int bi, int ldb, int k, boolean accumulate) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        int r0 = ci, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c02 = FloatVector.fromArray(S, c, r0 + 2 * L); c03 = FloatVector.fromArray(S, c, r0 + 3 * L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c12 = FloatVector.fromArray(S, c, r1 + 2 * L); c13 = FloatVector.fromArray(S, c, r1 + 3 * L);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + L);
            c22 = FloatVector.fromArray(S, c, r2 + 2 * L); c23 = FloatVector.fromArray(S, c, r2 + 3 * L);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + L);
            c32 = FloatVector.fromArray(S, c, r3 + 2 * L); c33 = FloatVector.fromArray(S, c, r3 + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = FloatVector.zero(S);
            c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = FloatVector.zero(S);
        }
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = p * cs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L); c03.intoArray(c, r0 + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
    }

    /**
     * C(rows, NR) at ci += A(rows, k) · panel(k, NR), A's entries along its rows ({@code rs} apart) and the
     * panel packed: six-row tiles where the rows allow, then four-row tiles, so that a multiple of two
     * (a batch) ends without a one-row tile; an odd last row, if any, in one. Package-private for
     * bench/PanelAlignment.java, which times it on panels at different addresses.
     */
    static void rowsOnPanel(float[] c, int ci, int ldc, float[] a, int ai, int rs, int rows,
                            float[] panel, int k, boolean accumulate) {
        int fours = switch (rows % 6) { case 2, 3 -> 2; case 4, 5 -> 1; default -> 0; };
        int sixes = (rows - 4 * fours) / 6;
        int i = 0;
        if (HALF_TILES) {
            for (int t = 0; t < sixes; t++, i += 6) {
                tile6x2Rows(c, ci + i * ldc, ldc, a, ai + i * rs, rs, panel, 0, k, accumulate);
                tile6x2Rows(c, ci + i * ldc + 2 * L, ldc, a, ai + i * rs, rs, panel, 2 * L, k, accumulate);
            }
        } else {
            for (int t = 0; t < sixes; t++, i += 6) {
                tile6x4Rows(c, ci + i * ldc, ldc, a, ai + i * rs, rs, panel, k, accumulate);
            }
        }
        for (int t = 0; t < fours; t++, i += 4) {
            fourRows(c, ci + i * ldc, ldc, a, ai + i * rs, rs, 1, panel, 0, NR, k, accumulate);
        }
        for (; i < rows; i++) {
            tile1x4(c, ci + i * ldc, a, ai + i * rs, 1, panel, 0, NR, k, accumulate);
        }
    }

    /**
     * Times the tiles over groups' runs against the dense tiles on this host, for {@link ZeroRuns} to choose by:
     * {@value #RUN_TILE_TIMINGS} timings (see {@link #timeRunTilesOnce}), each on panels of its own, and the median
     * of each. One timing alone read the pairs' cost 25 % low and the fours' 7 % low, the dense tiles' time
     * unchanged, about once in eight (Zen 5, 32 timings in a row in one JVM: pairs 1.25-1.36 against 1.64-1.73):
     * enough for the first layer's X·W to choose pairs, which ran its products slower than fours on every JVM
     * measured (one part's 128 × 384 × 256 of a batch-128 step after the warm-up, six JVMs: pairs 140-190 µs,
     * fours 117-164, dense 140-172). A panel that starts on a cache line would explain it (the pairs' tile is bound
     * by its loads, and a 64-byte load across two lines costs two); the kernel's own panels lie wherever the heap
     * puts them, so what most timings read is what the products will see. A whole warm-up has also read both costs
     * low, the median of seven: the service's, twice in 19 starts (1.30 and 1.19; 1.53 and 1.15, where the dense
     * tiles' fastest round took 16.4 µs against 14.5-15.2 in ten other starts), for a reason not found; the dense
     * tiles' time, which the warm-up now reports, tells whether the dense tiles or the others were off.
     */
    static RunTileTiming timeRunTiles() {
        RunTileTiming[] timings = new RunTileTiming[RUN_TILE_TIMINGS];
        for (int t = 0; t < RUN_TILE_TIMINGS; t++) {
            timings[t] = timeRunTilesOnce(t);
        }
        return new RunTileTiming(median(timings, RunTileTiming::denseNanos), new ZeroRuns.Costs(
                median(timings, timed -> timed.costs().pair()), median(timings, timed -> timed.costs().four())));
    }

    /** A timing of the runs' tiles: the dense tiles' fastest round (ns), and a kept step's cost in pairs and in fours. */
    record RunTileTiming(double denseNanos, ZeroRuns.Costs costs) {
    }

    private static double median(RunTileTiming[] timings, ToDoubleFunction<RunTileTiming> value) {
        double[] values = Arrays.stream(timings).mapToDouble(value).sorted().toArray();
        return values[values.length / 2];
    }

    /**
     * One timing of {@link #timeRunTiles}: 128 rows of A on one panel of KP steps × NR columns, as the first layer's
     * X·W runs them (64 × 64 with AVX-512; 256 × 32 with AVX2, whose tiles over runs take it as four panels of 64
     * steps, packed so, as the products do). The rows are drawn as images' rows are: in each stretch of 28 steps an
     * object's run of 12 to 18 steps, which the four images of a group have in about the same place (starts up to 3
     * steps apart). The three alternate, many rounds of a few products each, and each keeps its fastest round, so a
     * busy moment of the host does not decide; a kept step's cost is the tile's time over the dense tiles' time for the
     * steps its groups keep. About 2,700 products; a few milliseconds once compiled. Only where {@link
     * ZeroRuns#APPLIES}. Timing t's panel is t · 2 floats longer than timing 0's, so that the timings' panels start at
     * different offsets within a cache line even where the heap puts them one after the other.
     */
    private static RunTileTiming timeRunTilesOnce(int timing) {
        int rows = 128;
        var random = new SplittableRandom(3);
        float[] a = new float[rows * KP];
        int groupFrom = 0;
        int length = 0;
        for (int i = 0; i < rows; i++) {
            if (i % 4 == 0) {
                groupFrom = 3 + random.nextInt(6);
                length = 12 + random.nextInt(7);
            }
            int from = groupFrom + random.nextInt(4);
            for (int p = 0; p < KP; p++) {
                int inStretch = (p + 28 - from) % 28;
                a[i * KP + p] = inStretch < length ? (float) random.nextDouble(0.5, 1) : 0f;
            }
        }
        float[] panel = new float[KP * NR + 2 * timing];
        for (int i = 0; i < KP * NR; i++) {
            panel[i] = (float) random.nextDouble(-1, 1);
        }
        // the panel's 64-step stretches, one a mask: the panel itself where it is one (AVX-512), so that the tiles
        // compared read the same cache lines
        float[][] stretches = new float[KP / Long.SIZE][];
        for (int q = 0; q < stretches.length; q++) {
            stretches[q] = stretches.length == 1 ? panel
                    : Arrays.copyOfRange(panel, q * Long.SIZE * NR, (q + 1) * Long.SIZE * NR + 2 * timing);
        }
        float[] c = new float[rows * NR];
        var pairs = new ZeroRuns();
        var fours = new ZeroRuns();
        pairs.mark(a, 0, KP, rows, KP, ZeroRuns.Costs.PAIRS);
        fours.mark(a, 0, KP, rows, KP, ZeroRuns.Costs.FOURS);
        long dense = Long.MAX_VALUE;
        long byPairs = Long.MAX_VALUE;
        long byFours = Long.MAX_VALUE;
        for (int round = 0; round < 300; round++) {
            long started = System.nanoTime();
            for (int r = 0; r < 3; r++) {
                rowsOnPanel(c, 0, NR, a, 0, KP, rows, panel, KP, false);
            }
            long densePassed = System.nanoTime();
            for (int r = 0; r < 3; r++) {
                for (int q = 0; q < stretches.length; q++) {
                    rowGroupsOnPanel(c, 0, NR, a, q * Long.SIZE, KP, rows, stretches[q], Long.SIZE, q > 0, pairs, 2, q);
                }
            }
            long pairsPassed = System.nanoTime();
            for (int r = 0; r < 3; r++) {
                for (int q = 0; q < stretches.length; q++) {
                    rowGroupsOnPanel(c, 0, NR, a, q * Long.SIZE, KP, rows, stretches[q], Long.SIZE, q > 0, fours, 4, q);
                }
            }
            long foursPassed = System.nanoTime();
            dense = Math.min(dense, densePassed - started);
            byPairs = Math.min(byPairs, pairsPassed - densePassed);
            byFours = Math.min(byFours, foursPassed - pairsPassed);
        }
        // over what the dense tiles would take for the steps each kind of group keeps
        return new RunTileTiming(dense,
                new ZeroRuns.Costs(byPairs / (dense * pairs.keptShare()), byFours / (dense * fours.keptShare())));
    }

    /**
     * {@link #rowsOnPanel} skipping A's zeros: {@code group} (2 or 4) rows at a time, grouped as the marks sorted
     * them, over the runs of steps each group keeps in this panel (see {@link ZeroRuns}); the last rows dense where
     * they do not fill a group. The panel is one mask's 64 steps, mask {@code panelIndex} of the marks' (see
     * {@link ZeroRuns#APPLIES}).
     */
    private static void rowGroupsOnPanel(float[] c, int ci, int ldc, float[] a, int ai, int rs, int rows,
                                         float[] panel, int k, boolean accumulate, ZeroRuns runs, int group,
                                         int panelIndex) {
        int i = 0;
        for (int t = 0; i + group <= rows; t++, i += group) { // the rows in the order the marks group them
            int u0 = runs.row(i);
            int u1 = runs.row(i + 1);
            long kept = runs.mask(t, panelIndex);
            if (group == 4) {
                int u2 = runs.row(i + 2);
                int u3 = runs.row(i + 3);
                tile4x4Runs(c, ci + u0 * ldc, ci + u1 * ldc, ci + u2 * ldc, ci + u3 * ldc,
                        a, ai + u0 * rs, ai + u1 * rs, ai + u2 * rs, ai + u3 * rs, panel, kept, accumulate);
            } else {
                tile2x4Runs(c, ci + u0 * ldc, ci + u1 * ldc, a, ai + u0 * rs, ai + u1 * rs, panel, kept, accumulate);
            }
        }
        for (; i < rows; i++) {
            int u = runs.row(i);
            tile1x4(c, ci + u * ldc, a, ai + u * rs, 1, panel, 0, NR, k, accumulate);
        }
    }

    /**
     * C(2 rows, 4 vectors), rows at r0 and r1 of C and a0 and a1 of A, over the steps set in {@code kept} (bit s:
     * step s of the panel), run by run, in increasing order, A's entries along its rows and B a packed panel: the
     * dense tiles' sums without the steps at which both rows' entries are zero. Its body must stay
     * {@link #tile6x4Rows}'s, step for step, or the two paths would round differently; {@link #tile4x4Runs} is the
     * same for four rows (the two stay separate: a tile's accumulators must be named registers).
     */
    private static void tile2x4Runs(float[] c, int r0, int r1, float[] a, int a0, int a1, float[] b, long kept,
                                    boolean accumulate) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c02 = FloatVector.fromArray(S, c, r0 + 2 * L); c03 = FloatVector.fromArray(S, c, r0 + 3 * L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c12 = FloatVector.fromArray(S, c, r1 + 2 * L); c13 = FloatVector.fromArray(S, c, r1 + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = FloatVector.zero(S);
        }
        long mask = kept;
        while (mask != 0) {
            int start = Long.numberOfTrailingZeros(mask);
            int end = start + Long.numberOfTrailingZeros(~(mask >>> start)); // 64 when the run reaches the last bit
            mask = end >= Long.SIZE ? 0 : mask & (-1L << end);
            for (int p = start; p < end; p++) {
                int bp = p * NR;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
                x = FloatVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            }
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L); c03.intoArray(c, r0 + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
    }

    /**
     * C(4 rows, 4 vectors), rows at r0..r3 of C and a0..a3 of A, over the steps set in {@code kept} (bit s: step
     * s of the panel), run by run, in increasing order, A's entries along its rows and B a packed panel: the dense
     * tiles' sums without the steps at which all four rows' entries are zero. Its body must stay
     * {@link #tile6x4Rows}'s, step for step, or the two paths would round differently.
     */
    private static void tile4x4Runs(float[] c, int r0, int r1, int r2, int r3, float[] a, int a0, int a1, int a2, int a3,
                                    float[] b, long kept, boolean accumulate) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c02 = FloatVector.fromArray(S, c, r0 + 2 * L); c03 = FloatVector.fromArray(S, c, r0 + 3 * L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c12 = FloatVector.fromArray(S, c, r1 + 2 * L); c13 = FloatVector.fromArray(S, c, r1 + 3 * L);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + L);
            c22 = FloatVector.fromArray(S, c, r2 + 2 * L); c23 = FloatVector.fromArray(S, c, r2 + 3 * L);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + L);
            c32 = FloatVector.fromArray(S, c, r3 + 2 * L); c33 = FloatVector.fromArray(S, c, r3 + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = FloatVector.zero(S);
            c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = FloatVector.zero(S);
        }
        long mask = kept;
        while (mask != 0) {
            int start = Long.numberOfTrailingZeros(mask);
            int end = start + Long.numberOfTrailingZeros(~(mask >>> start)); // 64 when the run reaches the last bit
            mask = end >= Long.SIZE ? 0 : mask & (-1L << end);
            for (int p = start; p < end; p++) {
                int bp = p * NR;
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
                x = FloatVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
                x = FloatVector.broadcast(S, a[a2 + p]);
                c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
                x = FloatVector.broadcast(S, a[a3 + p]);
                c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
            }
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L); c03.intoArray(c, r0 + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
    }

    /**
     * C(6 rows, 4 vectors) at ci, A's entries along its rows (cs = 1) and B a packed panel (ldb = NR): 24
     * accumulators, 29 of the 32 vector registers with the four of B and the broadcast. Per step, ten loads
     * for 24 FMAs instead of eight for 16, and the loop's own instructions spread over more FMAs: measured
     * 10–14 % faster than the four-row tile on A·B 128×784×256 and 128×256×128 on an Intel host (two FMA
     * units per core), in one JVM. Both strides are constants, so C2 proves the loop's indices in range once,
     * before it; the general tile, with variable strides, range-checks six of its eight loads at every step.
     * (A four-row tile with constant strides was 11–14 % faster than the general one alone, but made no
     * measurable difference for the few four-row tiles left beside the six-row ones.)
     */
    private static void tile6x4Rows(float[] c, int ci, int ldc, float[] a, int ai, int rs,
                                    float[] b, int k, boolean accumulate) {
        FloatVector c00, c01, c02, c03;
        FloatVector c10, c11, c12, c13;
        FloatVector c20, c21, c22, c23;
        FloatVector c30, c31, c32, c33;
        FloatVector c40, c41, c42, c43;
        FloatVector c50, c51, c52, c53;
        int r0 = ci, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c02 = FloatVector.fromArray(S, c, r0 + 2 * L); c03 = FloatVector.fromArray(S, c, r0 + 3 * L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c12 = FloatVector.fromArray(S, c, r1 + 2 * L); c13 = FloatVector.fromArray(S, c, r1 + 3 * L);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + L);
            c22 = FloatVector.fromArray(S, c, r2 + 2 * L); c23 = FloatVector.fromArray(S, c, r2 + 3 * L);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + L);
            c32 = FloatVector.fromArray(S, c, r3 + 2 * L); c33 = FloatVector.fromArray(S, c, r3 + 3 * L);
            c40 = FloatVector.fromArray(S, c, r4); c41 = FloatVector.fromArray(S, c, r4 + L);
            c42 = FloatVector.fromArray(S, c, r4 + 2 * L); c43 = FloatVector.fromArray(S, c, r4 + 3 * L);
            c50 = FloatVector.fromArray(S, c, r5); c51 = FloatVector.fromArray(S, c, r5 + L);
            c52 = FloatVector.fromArray(S, c, r5 + 2 * L); c53 = FloatVector.fromArray(S, c, r5 + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = FloatVector.zero(S);
            c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = FloatVector.zero(S);
        }
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs;
        for (int p = 0; p < k; p++) {
            int bp = p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); c53 = x.fma(b3, c53);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L); c03.intoArray(c, r0 + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L); c42.intoArray(c, r4 + 2 * L); c43.intoArray(c, r4 + 3 * L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L); c52.intoArray(c, r5 + 2 * L); c53.intoArray(c, r5 + 3 * L);
    }

    /**
     * C(6 rows, 2 vectors) at ci from columns {@code bi .. bi + 2L} of a packed panel (ldb = NR), A's entries
     * along its rows: {@link #tile6x4Rows} for 16 vector registers (see {@link #HALF_TILES}), 12 accumulators,
     * two loads of B and a broadcast, 15 registers in all.
     */
    private static void tile6x2Rows(float[] c, int ci, int ldc, float[] a, int ai, int rs,
                                    float[] b, int bi, int k, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        int r0 = ci, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4); c41 = FloatVector.fromArray(S, c, r4 + L);
            c50 = FloatVector.fromArray(S, c, r5); c51 = FloatVector.fromArray(S, c, r5 + L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = FloatVector.zero(S);
            c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(S);
        }
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
    }

    /**
     * {@link #tile6x2Rows} with A's strides as variables, for the Aᵀ·B form (rs = 1, cs = m) on a packed panel
     * (ldb = NR): with 16 vector registers, six rows of two vectors, 12 accumulators, instead of the four-row
     * halves (eight), so that each step's loads of B serve half as many FMAs again.
     */
    private static void tile6x2(float[] c, int ci, int ldc, float[] a, int ai, int rs, int cs,
                                float[] b, int bi, int k, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        int r0 = ci, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4); c41 = FloatVector.fromArray(S, c, r4 + L);
            c50 = FloatVector.fromArray(S, c, r5); c51 = FloatVector.fromArray(S, c, r5 + L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = FloatVector.zero(S);
            c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(S);
        }
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = p * cs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + ap]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
    }

    /**
     * C(5 rows, 2 vectors) at ci (+)= a tile's compacted entries of A (five a step, from {@code ai}) times the rows
     * of a packed panel of B at the listed offsets ({@code offsets[at .. at + count)}), from column bi of the
     * panel: see {@link CompactedSteps}. Ten accumulators; per step two loads of B, five broadcasts.
     */
    private static void tile5x2Compacted(float[] c, int ci, int ldc, float[] a, int ai, float[] b, int bi,
                                         int[] offsets, int at, int count, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41;
        int r0 = ci, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4); c41 = FloatVector.fromArray(S, c, r4 + L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = FloatVector.zero(S);
        }
        for (int s = 0; s < count; s++) {
            int bp = bi + offsets[at + s];
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = ai + CompactedSteps.ROWS * s;
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
    }

    /**
     * {@link #tile4x4} over the listed steps of k only, {@code steps[from .. from + count)}, in increasing
     * order: the same sums without the terms whose four entries of A are zero. Its body must stay the dense
     * tile's, step for step, or the two paths would round differently. Only Aᵀ·B lists steps, so the tile's four
     * entries of A lie side by side (rs = 1) and B is a packed panel (ldb = NR), both constants here, which C2 can
     * fold into the loads' addresses and range checks. With them as parameters, a part's Xᵀ·dZ of the first layer
     * (400 inputs × 256 units, batch 128, Fashion-MNIST) took 1.047-1.057 times as long on a Zen 4 host (one thread,
     * alternating in one JVM; 1.005-1.009 at batch 32), and the training step at batch 128 1.012-1.013
     * (bench/step-ab.sh).
     */
    private static void tile4x4Listed(float[] c, int ci, int ldc, float[] a, int ai, int cs,
                                      float[] b, int[] steps, int from, int count, boolean accumulate) {
        final int ldb = NR;
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        int r0 = ci, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c02 = FloatVector.fromArray(S, c, r0 + 2 * L); c03 = FloatVector.fromArray(S, c, r0 + 3 * L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c12 = FloatVector.fromArray(S, c, r1 + 2 * L); c13 = FloatVector.fromArray(S, c, r1 + 3 * L);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + L);
            c22 = FloatVector.fromArray(S, c, r2 + 2 * L); c23 = FloatVector.fromArray(S, c, r2 + 3 * L);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + L);
            c32 = FloatVector.fromArray(S, c, r3 + 2 * L); c33 = FloatVector.fromArray(S, c, r3 + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = FloatVector.zero(S);
            c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = FloatVector.zero(S);
        }
        int a0 = ai, a1 = a0 + 1, a2 = a0 + 2, a3 = a0 + 3;
        for (int q = from, end = from + count; q < end; q++) {
            int p = steps[q];
            int bp = p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = p * cs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L); c03.intoArray(c, r0 + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
    }

    /**
     * {@link #tile4x2} over the listed steps of k only, from columns {@code bi .. bi + 2L} of a packed panel
     * (ldb = NR): half of {@link #tile4x4Listed} for 16 vector registers (see {@link #HALF_TILES}). Its body
     * must stay the dense tile's, step for step, or the two paths would round differently. A's four entries side
     * by side (rs = 1), as in {@link #tile4x4Listed}.
     */
    private static void tile4x2Listed(float[] c, int ci, int ldc, float[] a, int ai, int cs,
                                      float[] b, int bi, int[] steps, int from, int count, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        int r0 = ci, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(S);
        }
        int a0 = ai, a1 = a0 + 1, a2 = a0 + 2, a3 = a0 + 3;
        for (int q = from, end = from + count; q < end; q++) {
            int p = steps[q];
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = p * cs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
    }

    /** C(4 rows, 2 vectors) at ci: the first column tail, eight accumulators. */
    private static void tile4x2(float[] c, int ci, int ldc, float[] a, int ai, int rs, int cs,
                                float[] b, int bi, int ldb, int k, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        int r0 = ci, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + L);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(S);
        }
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = p * cs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
    }

    /**
     * C(4 rows, the first {@code cols} ≤ L columns) at ci: the last column tail. No masked loads or stores
     * (C2 turned masked stores into virtual calls here, 0.7 GFLOP/s): B is read a whole vector at a time
     * while that stays inside the array, the extra lanes never leave the registers, the last rows of B that
     * would overrun it are added in scalar, and the tile reaches C through {@code tile}, a per-thread scratch.
     */
    private static void tile4x1(float[] c, int ci, int ldc, float[] a, int ai, int rs, int cs,
                                float[] b, int bi, int ldb, int k, boolean accumulate, int cols, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        int inside = rowsInside(b.length, bi, ldb, k);
        for (int p = 0; p < inside; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p * ldb);
            int ap = p * cs;
            c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        finishTail(c, ci, ldc, a, ai, rs, cs, b, bi, ldb, k, accumulate, cols, tile, MR, inside);
    }

    /** C(8 rows, the first {@code cols} ≤ L columns) at ci: {@link #tile4x1} with eight chains of FMAs instead of four. */
    private static void tile8x1(float[] c, int ci, int ldc, float[] a, int ai, int rs, int cs,
                                float[] b, int bi, int ldb, int k, boolean accumulate, int cols, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs, a6 = a5 + rs, a7 = a6 + rs;
        int inside = rowsInside(b.length, bi, ldb, k);
        for (int p = 0; p < inside; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p * ldb);
            int ap = p * cs;
            c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + ap]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + ap]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[a6 + ap]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[a7 + ap]).fma(b0, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L);
        c5.intoArray(tile, 5 * L);
        c6.intoArray(tile, 6 * L);
        c7.intoArray(tile, 7 * L);
        finishTail(c, ci, ldc, a, ai, rs, cs, b, bi, ldb, k, accumulate, cols, tile, 8, inside);
    }

    /**
     * The end of a column-tail tile of {@code rows} rows whose vector part is in {@code tile}: adds the
     * steps of k from {@code inside} on in scalar, then writes the first {@code cols} columns to C.
     */
    private static void finishTail(float[] c, int ci, int ldc, float[] a, int ai, int rs, int cs, float[] b, int bi,
                                   int ldb, int k, boolean accumulate, int cols, float[] tile, int rows, int inside) {
        for (int r = 0; r < rows; r++) {
            int ar = ai + r * rs;
            for (int p = inside; p < k; p++) {
                float x = a[ar + p * cs];
                int bp = bi + p * ldb;
                for (int j = 0; j < cols; j++) {
                    tile[r * L + j] += x * b[bp + j];
                }
            }
            int cr = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[cr + j] = accumulate ? c[cr + j] + tile[r * L + j] : tile[r * L + j];
            }
        }
    }

    /**
     * Whether an Aᵀ·B product runs on a transposed copy of A (see {@link #MAX_TRANSPOSED_A}): where enough
     * columns of B repay the copy, which is made once for all of them. On one thread, 4 NR (128) columns:
     * 256×128×128 ran 4 % faster so (JMH, three forks each, Zen 3), 128×128×64 8 % slower. Split between
     * two threads, the copy is a job of its own, and 8 NR (256): 784×128×256 ran 13 % faster so,
     * 256×128×128 16 % slower.
     */
    private static boolean transposesA(int m, int k, int n, boolean parallel) {
        return HALF_TILES && L == 8 && m / MR >= MIN_PACKED_TILES && k > 0 && (long) m * k <= MAX_TRANSPOSED_A
                && n >= (parallel ? 8 : 4) * NR;
    }

    /**
     * A, stored (k, m) at aOffset with row stride lda, transposed into this thread's scratch as (m, k) with row
     * stride k: 8 × 8 blocks in registers, the edges in scalar. The copy holds the same floats, so a product
     * on it sums the same terms in the same order, bit for bit.
     */
    private static float[] transposedA(float[] a, int aOffset, int lda, int m, int k) {
        float[] aT = SCRATCH.get().aT(m * k);
        transposeRows(a, aOffset, lda, k, aT, 0, m);
        return aT;
    }

    /**
     * Rows i0 .. i1 of Aᵀ into aT, row stride k: see {@link #transposedA}. Blocks of a vector's lanes square
     * ({@link #transpose8} or {@link #transpose16}), the edges in scalar; with other vector sizes all in scalar.
     */
    private static void transposeRows(float[] a, int aOffset, int lda, int k, float[] aT, int i0, int i1) {
        int i = i0;
        if (L == 8 || L == 16) {
            for (; i + L <= i1; i += L) {
                int p = 0;
                for (; p + L <= k; p += L) {
                    if (L == 16) {
                        transpose16(a, aOffset + p * lda + i, lda, aT, i * k + p, k);
                    } else {
                        transpose8(a, aOffset + p * lda + i, lda, aT, i * k + p, k);
                    }
                }
                for (; p < k; p++) {
                    for (int r = 0; r < L; r++) {
                        aT[(i + r) * k + p] = a[aOffset + p * lda + i + r];
                    }
                }
            }
        }
        for (; i < i1; i++) {
            for (int p = 0; p < k; p++) {
                aT[i * k + p] = a[aOffset + p * lda + i];
            }
        }
    }

    /**
     * dst(q, t) = src(t, q) for a 16 × 16 block, rows of src {@code srcStride} apart and of dst {@code dstStride}
     * apart: four rounds of two-source lane selections, each swapping the off-diagonal halves of the blocks
     * of the round before (8 × 8, then 4 × 4, 2 × 2, 1 × 1). About three times faster than copying element
     * by element, which cost as much as the product itself at batch 32.
     */
    private static void transpose16(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride) {
        FloatVector r0 = FloatVector.fromArray(S, src, srcOffset);
        FloatVector r1 = FloatVector.fromArray(S, src, srcOffset + 1 * srcStride);
        FloatVector r2 = FloatVector.fromArray(S, src, srcOffset + 2 * srcStride);
        FloatVector r3 = FloatVector.fromArray(S, src, srcOffset + 3 * srcStride);
        FloatVector r4 = FloatVector.fromArray(S, src, srcOffset + 4 * srcStride);
        FloatVector r5 = FloatVector.fromArray(S, src, srcOffset + 5 * srcStride);
        FloatVector r6 = FloatVector.fromArray(S, src, srcOffset + 6 * srcStride);
        FloatVector r7 = FloatVector.fromArray(S, src, srcOffset + 7 * srcStride);
        FloatVector r8 = FloatVector.fromArray(S, src, srcOffset + 8 * srcStride);
        FloatVector r9 = FloatVector.fromArray(S, src, srcOffset + 9 * srcStride);
        FloatVector r10 = FloatVector.fromArray(S, src, srcOffset + 10 * srcStride);
        FloatVector r11 = FloatVector.fromArray(S, src, srcOffset + 11 * srcStride);
        FloatVector r12 = FloatVector.fromArray(S, src, srcOffset + 12 * srcStride);
        FloatVector r13 = FloatVector.fromArray(S, src, srcOffset + 13 * srcStride);
        FloatVector r14 = FloatVector.fromArray(S, src, srcOffset + 14 * srcStride);
        FloatVector r15 = FloatVector.fromArray(S, src, srcOffset + 15 * srcStride);
        FloatVector lo;
        FloatVector hi;
        FloatVector t;
        lo = FloatVector.fromArray(S, TRANSPOSE_LANES, 0 * 16);
        hi = FloatVector.fromArray(S, TRANSPOSE_LANES, 1 * 16);
        t = lo.selectFrom(r0, r8); r8 = hi.selectFrom(r0, r8); r0 = t;
        t = lo.selectFrom(r1, r9); r9 = hi.selectFrom(r1, r9); r1 = t;
        t = lo.selectFrom(r2, r10); r10 = hi.selectFrom(r2, r10); r2 = t;
        t = lo.selectFrom(r3, r11); r11 = hi.selectFrom(r3, r11); r3 = t;
        t = lo.selectFrom(r4, r12); r12 = hi.selectFrom(r4, r12); r4 = t;
        t = lo.selectFrom(r5, r13); r13 = hi.selectFrom(r5, r13); r5 = t;
        t = lo.selectFrom(r6, r14); r14 = hi.selectFrom(r6, r14); r6 = t;
        t = lo.selectFrom(r7, r15); r15 = hi.selectFrom(r7, r15); r7 = t;
        lo = FloatVector.fromArray(S, TRANSPOSE_LANES, 2 * 16);
        hi = FloatVector.fromArray(S, TRANSPOSE_LANES, 3 * 16);
        t = lo.selectFrom(r0, r4); r4 = hi.selectFrom(r0, r4); r0 = t;
        t = lo.selectFrom(r1, r5); r5 = hi.selectFrom(r1, r5); r1 = t;
        t = lo.selectFrom(r2, r6); r6 = hi.selectFrom(r2, r6); r2 = t;
        t = lo.selectFrom(r3, r7); r7 = hi.selectFrom(r3, r7); r3 = t;
        t = lo.selectFrom(r8, r12); r12 = hi.selectFrom(r8, r12); r8 = t;
        t = lo.selectFrom(r9, r13); r13 = hi.selectFrom(r9, r13); r9 = t;
        t = lo.selectFrom(r10, r14); r14 = hi.selectFrom(r10, r14); r10 = t;
        t = lo.selectFrom(r11, r15); r15 = hi.selectFrom(r11, r15); r11 = t;
        lo = FloatVector.fromArray(S, TRANSPOSE_LANES, 4 * 16);
        hi = FloatVector.fromArray(S, TRANSPOSE_LANES, 5 * 16);
        t = lo.selectFrom(r0, r2); r2 = hi.selectFrom(r0, r2); r0 = t;
        t = lo.selectFrom(r1, r3); r3 = hi.selectFrom(r1, r3); r1 = t;
        t = lo.selectFrom(r4, r6); r6 = hi.selectFrom(r4, r6); r4 = t;
        t = lo.selectFrom(r5, r7); r7 = hi.selectFrom(r5, r7); r5 = t;
        t = lo.selectFrom(r8, r10); r10 = hi.selectFrom(r8, r10); r8 = t;
        t = lo.selectFrom(r9, r11); r11 = hi.selectFrom(r9, r11); r9 = t;
        t = lo.selectFrom(r12, r14); r14 = hi.selectFrom(r12, r14); r12 = t;
        t = lo.selectFrom(r13, r15); r15 = hi.selectFrom(r13, r15); r13 = t;
        lo = FloatVector.fromArray(S, TRANSPOSE_LANES, 6 * 16);
        hi = FloatVector.fromArray(S, TRANSPOSE_LANES, 7 * 16);
        t = lo.selectFrom(r0, r1); r1 = hi.selectFrom(r0, r1); r0 = t;
        t = lo.selectFrom(r2, r3); r3 = hi.selectFrom(r2, r3); r2 = t;
        t = lo.selectFrom(r4, r5); r5 = hi.selectFrom(r4, r5); r4 = t;
        t = lo.selectFrom(r6, r7); r7 = hi.selectFrom(r6, r7); r6 = t;
        t = lo.selectFrom(r8, r9); r9 = hi.selectFrom(r8, r9); r8 = t;
        t = lo.selectFrom(r10, r11); r11 = hi.selectFrom(r10, r11); r10 = t;
        t = lo.selectFrom(r12, r13); r13 = hi.selectFrom(r12, r13); r12 = t;
        t = lo.selectFrom(r14, r15); r15 = hi.selectFrom(r14, r15); r14 = t;
        r0.intoArray(dst, dstOffset);
        r1.intoArray(dst, dstOffset + 1 * dstStride);
        r2.intoArray(dst, dstOffset + 2 * dstStride);
        r3.intoArray(dst, dstOffset + 3 * dstStride);
        r4.intoArray(dst, dstOffset + 4 * dstStride);
        r5.intoArray(dst, dstOffset + 5 * dstStride);
        r6.intoArray(dst, dstOffset + 6 * dstStride);
        r7.intoArray(dst, dstOffset + 7 * dstStride);
        r8.intoArray(dst, dstOffset + 8 * dstStride);
        r9.intoArray(dst, dstOffset + 9 * dstStride);
        r10.intoArray(dst, dstOffset + 10 * dstStride);
        r11.intoArray(dst, dstOffset + 11 * dstStride);
        r12.intoArray(dst, dstOffset + 12 * dstStride);
        r13.intoArray(dst, dstOffset + 13 * dstStride);
        r14.intoArray(dst, dstOffset + 14 * dstStride);
        r15.intoArray(dst, dstOffset + 15 * dstStride);
    }

    /**
     * Lane indexes of the rounds of {@link #transpose16}, low then high half for h = L/2 … 1: (lane of first or
     * L + lane of second). Empty for other vector sizes ({@link #transpose8} has constant shuffles instead).
     */
    private static float[] transposeLanes() {
        if (L != 16) {
            return new float[0];
        }
        float[] lanes = new float[2 * Integer.numberOfTrailingZeros(L) * L];
        int round = 0;
        for (int h = L / 2; h >= 1; h /= 2, round++) {
            for (int l = 0; l < L; l++) {
                int group = l / (2 * h) * 2 * h;
                int w = l % (2 * h);
                lanes[2 * round * L + l] = w < h ? group + w : L + group + w - h;
                lanes[(2 * round + 1) * L + l] = w < h ? group + h + w : L + group + w;
            }
        }
        return lanes;
    }

    /**
     * {@link #transpose16} for 8-float vectors (AVX2): an 8 × 8 block in three rounds (4 × 4, 2 × 2, 1 × 1), each
     * pair of rows swapping its off-diagonal blocks with a one-source permutation and a blend, both constant;
     * the two-source {@code selectFrom} with the lanes as a vector, used before, took 121-145 cycles a block (Zen 3:
     * a part's 392 × 128 inputs of a batch-128 step in 34-41 µs so, against 18-24 µs this way). A helper for one
     * pair would have to return two vectors, so the rounds are written out, pair by pair.
     */
    private static void transpose8(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride) {
        FloatVector r0 = FloatVector.fromArray(S, src, srcOffset);
        FloatVector r1 = FloatVector.fromArray(S, src, srcOffset + 1 * srcStride);
        FloatVector r2 = FloatVector.fromArray(S, src, srcOffset + 2 * srcStride);
        FloatVector r3 = FloatVector.fromArray(S, src, srcOffset + 3 * srcStride);
        FloatVector r4 = FloatVector.fromArray(S, src, srcOffset + 4 * srcStride);
        FloatVector r5 = FloatVector.fromArray(S, src, srcOffset + 5 * srcStride);
        FloatVector r6 = FloatVector.fromArray(S, src, srcOffset + 6 * srcStride);
        FloatVector r7 = FloatVector.fromArray(S, src, srcOffset + 7 * srcStride);
        FloatVector t;
        // (a, b) -> (a's low half of each 2h-lane group with b's low half, a's high half with b's high half)
        t = r0.blend(r4.rearrange(SWAP4), HIGH4); r4 = r0.rearrange(SWAP4).blend(r4, HIGH4); r0 = t;
        t = r1.blend(r5.rearrange(SWAP4), HIGH4); r5 = r1.rearrange(SWAP4).blend(r5, HIGH4); r1 = t;
        t = r2.blend(r6.rearrange(SWAP4), HIGH4); r6 = r2.rearrange(SWAP4).blend(r6, HIGH4); r2 = t;
        t = r3.blend(r7.rearrange(SWAP4), HIGH4); r7 = r3.rearrange(SWAP4).blend(r7, HIGH4); r3 = t;
        t = r0.blend(r2.rearrange(SWAP2), HIGH2); r2 = r0.rearrange(SWAP2).blend(r2, HIGH2); r0 = t;
        t = r1.blend(r3.rearrange(SWAP2), HIGH2); r3 = r1.rearrange(SWAP2).blend(r3, HIGH2); r1 = t;
        t = r4.blend(r6.rearrange(SWAP2), HIGH2); r6 = r4.rearrange(SWAP2).blend(r6, HIGH2); r4 = t;
        t = r5.blend(r7.rearrange(SWAP2), HIGH2); r7 = r5.rearrange(SWAP2).blend(r7, HIGH2); r5 = t;
        t = r0.blend(r1.rearrange(SWAP1), HIGH1); r1 = r0.rearrange(SWAP1).blend(r1, HIGH1); r0 = t;
        t = r2.blend(r3.rearrange(SWAP1), HIGH1); r3 = r2.rearrange(SWAP1).blend(r3, HIGH1); r2 = t;
        t = r4.blend(r5.rearrange(SWAP1), HIGH1); r5 = r4.rearrange(SWAP1).blend(r5, HIGH1); r4 = t;
        t = r6.blend(r7.rearrange(SWAP1), HIGH1); r7 = r6.rearrange(SWAP1).blend(r7, HIGH1); r6 = t;
        r0.intoArray(dst, dstOffset);
        r1.intoArray(dst, dstOffset + 1 * dstStride);
        r2.intoArray(dst, dstOffset + 2 * dstStride);
        r3.intoArray(dst, dstOffset + 3 * dstStride);
        r4.intoArray(dst, dstOffset + 4 * dstStride);
        r5.intoArray(dst, dstOffset + 5 * dstStride);
        r6.intoArray(dst, dstOffset + 6 * dstStride);
        r7.intoArray(dst, dstOffset + 7 * dstStride);
    }

    /** How many of the k rows of B from bi on can be read a whole vector wide without leaving the array. */
    private static int rowsInside(int length, int bi, int ldb, int k) {
        int room = length - L - bi;
        if (room < 0) {
            return 0;
        }
        return ldb == 0 ? k : (int) Math.min(k, room / ldb + 1L);
    }

    /** One row of C, four vectors: the row tail of a block. */
    private static void tile1x4(float[] c, int ci, float[] a, int ai, int cs, float[] b, int bi, int ldb, int k,
                                boolean accumulate) {
        FloatVector c0, c1, c2, c3;
        if (accumulate) {
            c0 = FloatVector.fromArray(S, c, ci); c1 = FloatVector.fromArray(S, c, ci + L);
            c2 = FloatVector.fromArray(S, c, ci + 2 * L); c3 = FloatVector.fromArray(S, c, ci + 3 * L);
        } else {
            c0 = c1 = c2 = c3 = FloatVector.zero(S);
        }
        for (int p = 0; p < k; p++) {
            int bp = bi + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[ai + p * cs]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), c3);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
        c2.intoArray(c, ci + 2 * L);
        c3.intoArray(c, ci + 3 * L);
    }

    /** One row of C, the first {@code cols} ≤ L columns, through {@code tile} as in {@link #tile4x1}; k unrolled twice. */
    private static void tile1x1(float[] c, int ci, float[] a, int ai, int cs, float[] b, int bi, int ldb, int k,
                                boolean accumulate, int cols, float[] tile) {
        FloatVector e = FloatVector.zero(S), o = e;
        int inside = rowsInside(b.length, bi, ldb, k);
        int p = 0;
        for (; p + 1 < inside; p += 2) {
            int bp = bi + p * ldb;
            e = FloatVector.broadcast(S, a[ai + p * cs]).fma(FloatVector.fromArray(S, b, bp), e);
            o = FloatVector.broadcast(S, a[ai + (p + 1) * cs]).fma(FloatVector.fromArray(S, b, bp + ldb), o);
        }
        e.add(o).intoArray(tile, 0);
        finishTail(c, ci, 0, a, ai, 0, cs, b, bi, ldb, k, accumulate, cols, tile, 1, p);
    }

    /**
     * One row of C = a·B (a single prediction's layer), over the steps of k where a is not zero only:
     * about half of an image's pixels and of a ReLU layer's outputs are zero, and skipping them skips
     * their whole row of B. Each surviving step adds a·B[p] in the same order as {@link #tile1x4}, so the
     * sums are those of the blocked path (up to the sign of an exact zero; and a NaN or infinite weight
     * met by a zero input is skipped, not turned into NaN, which a trained network's finite weights never
     * meet). Eight vectors of C are held
     * at a time, so a row of B is read in long contiguous stretches; then single vectors, then one masked.
     */
    private static void rowTimesMatrix(float[] c, int ci, float[] a, int ai, float[] b, int bi, int k, int n,
                                       boolean accumulate) {
        Scratch scratch = SCRATCH.get();
        if (scratch.nonZero.length < k) {
            scratch.nonZero = new int[k];
        }
        int[] steps = scratch.nonZero;
        int count = 0;
        for (int p = 0; p < k; p++) { // branch-free: whether a pixel is zero follows no pattern a predictor learns
            steps[count] = p;
            count += a[ai + p] != 0f ? 1 : 0;
        }
        int j = 0;
        for (; !HALF_TILES && j + 16 * L <= n; j += 16 * L) { // 16 accumulators need 32 registers
            rowTimes16(c, ci + j, a, ai, b, bi + j, n, steps, count, accumulate);
        }
        for (; j + 8 * L <= n; j += 8 * L) {
            rowTimes8(c, ci + j, a, ai, b, bi + j, n, steps, count, accumulate);
        }
        for (; j + L <= n; j += L) {
            FloatVector acc = accumulate ? FloatVector.fromArray(S, c, ci + j) : FloatVector.zero(S);
            for (int q = 0; q < count; q++) {
                int p = steps[q];
                acc = FloatVector.broadcast(S, a[ai + p]).fma(FloatVector.fromArray(S, b, bi + p * n + j), acc);
            }
            acc.intoArray(c, ci + j);
        }
        if (j < n) {
            VectorMask<Float> tail = S.indexInRange(j, n);
            FloatVector acc = accumulate ? FloatVector.fromArray(S, c, ci + j, tail) : FloatVector.zero(S);
            for (int q = 0; q < count; q++) {
                int p = steps[q];
                acc = FloatVector.broadcast(S, a[ai + p]).fma(FloatVector.fromArray(S, b, bi + p * n + j, tail), acc);
            }
            acc.intoArray(c, ci + j, tail);
        }
    }

    /** Sixteen vectors (a whole 256-unit layer with AVX-512) of one row of C at ci, as {@link #rowTimes8}. */
    private static void rowTimes16(float[] c, int ci, float[] a, int ai, float[] b, int bi, int ldb,
                                   int[] steps, int count, boolean accumulate) {
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, ca, cb, cc, cd, ce, cf;
        if (accumulate) {
            c0 = FloatVector.fromArray(S, c, ci); c1 = FloatVector.fromArray(S, c, ci + L);
            c2 = FloatVector.fromArray(S, c, ci + 2 * L); c3 = FloatVector.fromArray(S, c, ci + 3 * L);
            c4 = FloatVector.fromArray(S, c, ci + 4 * L); c5 = FloatVector.fromArray(S, c, ci + 5 * L);
            c6 = FloatVector.fromArray(S, c, ci + 6 * L); c7 = FloatVector.fromArray(S, c, ci + 7 * L);
            c8 = FloatVector.fromArray(S, c, ci + 8 * L); c9 = FloatVector.fromArray(S, c, ci + 9 * L);
            ca = FloatVector.fromArray(S, c, ci + 10 * L); cb = FloatVector.fromArray(S, c, ci + 11 * L);
            cc = FloatVector.fromArray(S, c, ci + 12 * L); cd = FloatVector.fromArray(S, c, ci + 13 * L);
            ce = FloatVector.fromArray(S, c, ci + 14 * L); cf = FloatVector.fromArray(S, c, ci + 15 * L);
        } else {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = c8 = c9 = ca = cb = cc = cd = ce = cf = FloatVector.zero(S);
        }
        for (int q = 0; q < count; q++) {
            int p = steps[q];
            int bp = bi + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), c3);
            c4 = x.fma(FloatVector.fromArray(S, b, bp + 4 * L), c4);
            c5 = x.fma(FloatVector.fromArray(S, b, bp + 5 * L), c5);
            c6 = x.fma(FloatVector.fromArray(S, b, bp + 6 * L), c6);
            c7 = x.fma(FloatVector.fromArray(S, b, bp + 7 * L), c7);
            c8 = x.fma(FloatVector.fromArray(S, b, bp + 8 * L), c8);
            c9 = x.fma(FloatVector.fromArray(S, b, bp + 9 * L), c9);
            ca = x.fma(FloatVector.fromArray(S, b, bp + 10 * L), ca);
            cb = x.fma(FloatVector.fromArray(S, b, bp + 11 * L), cb);
            cc = x.fma(FloatVector.fromArray(S, b, bp + 12 * L), cc);
            cd = x.fma(FloatVector.fromArray(S, b, bp + 13 * L), cd);
            ce = x.fma(FloatVector.fromArray(S, b, bp + 14 * L), ce);
            cf = x.fma(FloatVector.fromArray(S, b, bp + 15 * L), cf);
        }
        c0.intoArray(c, ci); c1.intoArray(c, ci + L); c2.intoArray(c, ci + 2 * L); c3.intoArray(c, ci + 3 * L);
        c4.intoArray(c, ci + 4 * L); c5.intoArray(c, ci + 5 * L); c6.intoArray(c, ci + 6 * L); c7.intoArray(c, ci + 7 * L);
        c8.intoArray(c, ci + 8 * L); c9.intoArray(c, ci + 9 * L); ca.intoArray(c, ci + 10 * L); cb.intoArray(c, ci + 11 * L);
        cc.intoArray(c, ci + 12 * L); cd.intoArray(c, ci + 13 * L); ce.intoArray(c, ci + 14 * L); cf.intoArray(c, ci + 15 * L);
    }

    /** Eight vectors of one row of C at ci, over the listed steps of k; B's row stride is ldb. */
    private static void rowTimes8(float[] c, int ci, float[] a, int ai, float[] b, int bi, int ldb,
                                  int[] steps, int count, boolean accumulate) {
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        if (accumulate) {
            c0 = FloatVector.fromArray(S, c, ci); c1 = FloatVector.fromArray(S, c, ci + L);
            c2 = FloatVector.fromArray(S, c, ci + 2 * L); c3 = FloatVector.fromArray(S, c, ci + 3 * L);
            c4 = FloatVector.fromArray(S, c, ci + 4 * L); c5 = FloatVector.fromArray(S, c, ci + 5 * L);
            c6 = FloatVector.fromArray(S, c, ci + 6 * L); c7 = FloatVector.fromArray(S, c, ci + 7 * L);
        } else {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = FloatVector.zero(S);
        }
        for (int q = 0; q < count; q++) {
            int p = steps[q];
            int bp = bi + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), c3);
            c4 = x.fma(FloatVector.fromArray(S, b, bp + 4 * L), c4);
            c5 = x.fma(FloatVector.fromArray(S, b, bp + 5 * L), c5);
            c6 = x.fma(FloatVector.fromArray(S, b, bp + 6 * L), c6);
            c7 = x.fma(FloatVector.fromArray(S, b, bp + 7 * L), c7);
        }
        c0.intoArray(c, ci); c1.intoArray(c, ci + L); c2.intoArray(c, ci + 2 * L); c3.intoArray(c, ci + 3 * L);
        c4.intoArray(c, ci + 4 * L); c5.intoArray(c, ci + 5 * L); c6.intoArray(c, ci + 6 * L); c7.intoArray(c, ci + 7 * L);
    }

    /** A·Bᵀ for a few rows: each entry a dot product of two contiguous rows, four columns at a time. */
    private static void dotProducts(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                    float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        int kv = k - k % L;
        for (int i = 0; i < m; i++) {
            int ai = aOffset + i * lda;
            int ci = cOffset + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOffset + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                int p = 0;
                for (; p < kv; p += L) {
                    FloatVector x = FloatVector.fromArray(S, a, ai + p);
                    s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
                    s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
                    s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
                    s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
                }
                float d0 = s0.reduceLanes(VectorOperators.ADD), d1 = s1.reduceLanes(VectorOperators.ADD);
                float d2 = s2.reduceLanes(VectorOperators.ADD), d3 = s3.reduceLanes(VectorOperators.ADD);
                for (; p < k; p++) {
                    float x = a[ai + p];
                    d0 += x * b[b0 + p];
                    d1 += x * b[b1 + p];
                    d2 += x * b[b2 + p];
                    d3 += x * b[b3 + p];
                }
                c[ci + j] = accumulate ? c[ci + j] + d0 : d0;
                c[ci + j + 1] = accumulate ? c[ci + j + 1] + d1 : d1;
                c[ci + j + 2] = accumulate ? c[ci + j + 2] + d2 : d2;
                c[ci + j + 3] = accumulate ? c[ci + j + 3] + d3 : d3;
            }
            for (; j < n; j++) {
                int bj = bOffset + j * ldb;
                FloatVector s = FloatVector.zero(S);
                int p = 0;
                for (; p < kv; p += L) {
                    s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s);
                }
                float d = s.reduceLanes(VectorOperators.ADD);
                for (; p < k; p++) {
                    d += a[ai + p] * b[bj + p];
                }
                c[ci + j] = accumulate ? c[ci + j] + d : d;
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
