package io.backprop.engine;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Which steps of k the groups of rows of {@link FastMatrixKernel}'s A·B can skip, and which tile runs over them:
 * the rows of A (images of a batch, in the first layer's X·W) are put in an order that brings rows with their
 * zeros in the same places together ({@link #similarity}), and for each pair of rows in that order and each panel
 * of 64 steps (pixels), a long whose bit s is set where either row's entry at the panel's step s is not zero (and,
 * with 8-float vectors, in the short gaps between such runs: {@link #CLOSED_GAP}); for each four rows, the same of
 * both its pairs. A tile of two or four rows then runs the dense loop over each run of set bits, or the dense tiles
 * run all the steps, whichever this host's {@link Costs} make cheapest.
 *
 * <p>Why groups and runs: half of a Fashion-MNIST image's pixels are zero, and an object's pixels lie in one
 * stretch of each of its rows of 28, so the steps that a few images need come in a few long runs. Shares of the
 * steps kept (200 random batches of 128): one image 45 % of the top half of the pixels and 54 % of the bottom
 * half; two neighbouring images 61 % and 72 %; four 74 % and 84 %; six 79 % and 89 %. A list per image (a step
 * per entry, W read from L2 row by row) ran slower than the dense product though it did half the FMAs (Zen 4, one
 * part's 128 × 392 × 256 of a batch-128 step: 390 µs against 260).
 *
 * <p>Why a choice of tile: a tile's cost per kept step depends on the host. The pairs' tile has 8 accumulators and
 * six loads per eight FMAs, the fours' tile 16 accumulators and eight loads per 16 FMAs. On a Zen 4 host (one
 * 512-bit FMA a cycle) a kept step of the pairs cost about 1.25× a dense one and of the fours 1.12×, so pairs won
 * on both halves of the pixels (193 and 232 µs against the fours' 213 and 242, dense 256). On a Zen 5 host (two
 * 512-bit FMAs a cycle) the pairs' loads bound it: 1.9× a dense step, the fours 1.3×, and the top half ran in
 * 162–176 µs in pairs, 137–143 in fours, 141–146 dense. So the costs are timed on the host at warm-up
 * ({@link FastMatrixKernel#timeRunTiles}) and each product takes the cheapest of the three for its own rows.
 *
 * <p>With AVX2's 16 registers the fours' tile (16 accumulators, four vectors of B and a broadcast) spills: on a
 * Zen 4 host run with -XX:UseAVX=2 a kept step of it cost 1.7-2.2 dense steps, the pairs' 1.3-1.5, and the
 * timing then leaves the fours out by itself. On a Zen 3 host (AVX2 only) the warm-up read the pairs at 1.28-1.44
 * and the fours at 1.56-4.25 in one session's warm-ups; there the runs made a batch-128 or batch-32 training step about 4-5 %
 * faster than the dense tiles (once 0.7 %), timed in one JVM in alternating segments of steps.
 *
 * <p>Only with 16- and 8-float vectors (see {@link #APPLIES}); a mask is 64 steps, one long; NaN is not zero, so a
 * NaN in A is never skipped. Not thread-safe while it marks: one per thread, in its scratch, or one per block of A
 * that its owner marks once and products on several threads then read (see {@link MatrixKernel#markZeroRuns}).
 */
final class ZeroRuns {

    /**
     * Whether the kernel's A·B skips by runs: with 16-float vectors (AVX-512) and 8-float ones (AVX2); a product over
     * runs packs its panels one mask's 64 steps at a time whatever the kernel's own panels are. The pairs' tile then
     * holds eight accumulators, which fit AVX2's 16 registers too; narrower vectors would need more rows or columns
     * per tile to keep the FMA units busy.
     */
    static final boolean APPLIES = FloatVector.SPECIES_PREFERRED.length() == 16
            || FloatVector.SPECIES_PREFERRED.length() == 8;

    /**
     * What a kept step costs per row, in the tile of pairs and in the tile of fours, against a step of the dense
     * tiles: a group's kept steps are cheaper than the dense ones where their share is below 1 / cost.
     */
    record Costs(double pair, double four) {
        /** Until timed: the Zen 4 host's, where the pairs win on Fashion-MNIST and the fours decline above 4/5. */
        static final Costs UNTIMED = new Costs(1.25, 1.25);
        static final Costs PAIRS = new Costs(0, Double.POSITIVE_INFINITY);
        static final Costs FOURS = new Costs(Double.POSITIVE_INFINITY, 0);
        static final Costs DENSE = new Costs(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * {@code -Dbackprop.runTiles=pairs}, {@code fours} or {@code dense} fixes the choice (to compare them in one
     * benchmark); unset or {@code timed}, the warm-up times them.
     */
    static final String FIXED = System.getProperty("backprop.runTiles", "timed");

    private static volatile Costs costs = switch (FIXED) {
        case "pairs" -> Costs.PAIRS;
        case "fours" -> Costs.FOURS;
        case "dense" -> Costs.DENSE;
        case "timed" -> Costs.UNTIMED;
        default -> throw new IllegalArgumentException("backprop.runTiles must be timed, pairs, fours or dense: " + FIXED);
    };

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * A group's gaps of at most this many steps between two runs are kept too (see {@link #closeGaps}): each run
     * costs the tile a loop's entry and exit and a mispredicted branch, about two steps of eight floats. A small
     * gain: on a Zen 3 host (AVX2), both parts' first-layer X·W of a batch-128 step (128 × 392 × 256 each, in the
     * step's column chunks, the marks and the closing included), the dense product, the runs as marked and the runs
     * with gaps of two closed in one JVM, each first in a sixth of the rounds: closed 0.6 % slower than as marked in
     * one JVM of five and 1.0-2.0 % faster in four (dense ÷ closed 1.00-1.11); at 32 rows 0.0 and 2.0 % faster.
     * Gaps of one or three steps: within ±2 % of as marked. The pairs kept 64.3 % of the steps, 66.4 % with gaps of
     * two closed; gaps of eight keep nearly all (an object's rows then join across the image's margins). Not
     * measured with 16-float vectors, whose steps are twice as long against the same overhead: they keep their runs
     * as marked.
     */
    static final int CLOSED_GAP = L == 8 ? 2 : 0;

    /** Row numbers and steps take 21 bits each of a sort key (see {@link #similarity}). */
    private static final int ROW_MASK = (1 << 21) - 1;
    /**
     * Blocks of more rows are not sorted: a batch, not a whole dataset, is what the sort pays for, and
     * {@link Arrays#sort(long[], int, int)} sorts up to this many without allocating.
     */
    private static final int MAX_SORTED_ROWS = 4096;

    private long[] rowMasks; // [row][panel]: the steps each row of A keeps
    private long[] keys; // [row] its similarity key, then its number, sorted
    private int[] order; // the rows, in the order the groups take them: rows 2t and 2t + 1 form pair t
    private long[] pairs; // [pair][panel]
    private long[] fours; // [four][panel]: its two pairs' masks or'ed
    private long[] chosen;
    private int panels;
    private int group; // the last choice: 2, 4, or 0 for the dense tiles
    private double keptShare; // the share of their steps that the last choice's groups keep
    // the block of A last marked, so that a product on a caller's marks can check they are of its A
    private float[] markedA;
    private int markedOffset;
    private int markedLda;
    private int markedRows;
    private int markedK;

    ZeroRuns() {
        this(0, 0);
    }

    /**
     * With room for blocks of A of up to {@code rows} rows and {@code k} steps, so that marking them never grows
     * an array: a training step's marks would otherwise take that branch of {@link #choose} at a job's first batch
     * only, where C2's code for it traps (see {@link #markRows}).
     */
    ZeroRuns(int rows, int k) {
        int panels = (k + Long.SIZE - 1) / Long.SIZE;
        rowMasks = new long[rows * panels];
        keys = new long[rows];
        order = new int[rows];
        pairs = new long[rows / 2 * panels];
        fours = new long[rows / 4 * panels];
        chosen = pairs;
    }

    /** The costs products choose their tile by. */
    static Costs costs() {
        return costs;
    }

    /**
     * Makes products choose by {@code chosen} (the warm-up's timings; a test's fixed tile), unless
     * {@code backprop.runTiles} fixed the choice; returns the costs in use before.
     */
    static Costs use(Costs chosen) {
        Costs before = costs;
        if (FIXED.equals("timed")) {
            costs = chosen;
        }
        return before;
    }

    /** {@link #mark(float[], int, int, int, int, Costs)} at this host's costs. */
    int mark(float[] a, int aOffset, int lda, int rows, int k) {
        return mark(a, aOffset, lda, rows, k, costs);
    }

    /**
     * Marks the steps of the pairs and of the fours among rows 0..rows of A, row i at aOffset + i·lda, grouped in
     * the order {@link #row} then gives (the last rows of it left out where they do not fill a group), and chooses
     * what runs over them: returns the rows of the groups whose masks {@link #mask} then reads (2 or 4), or 0
     * where the dense tiles cost least, the rows left out counted as dense. Ties go to the dense tiles, then to
     * the pairs.
     */
    int mark(float[] a, int aOffset, int lda, int rows, int k, Costs costs) {
        markedA = a;
        markedOffset = aOffset;
        markedLda = lda;
        markedRows = rows;
        markedK = k;
        group = choose(a, aOffset, lda, rows, k, costs);
        return group;
    }

    /** The last {@link #mark}'s choice: 2 or 4 rows a group, or 0 for the dense tiles. */
    int group() {
        return group;
    }

    /** The share of their steps that the groups of the last {@link #mark}'s choice keep; 1 for the dense tiles. */
    double keptShare() {
        return keptShare;
    }

    /** Whether the last {@link #mark} was of this block of A. */
    boolean marks(float[] a, int aOffset, int lda, int rows, int k) {
        return a == markedA && aOffset == markedOffset && lda == markedLda && rows == markedRows && k == markedK;
    }

    private int choose(float[] a, int aOffset, int lda, int rows, int k, Costs costs) {
        int pairCount = rows / 2;
        int fourCount = rows / 4;
        panels = (k + Long.SIZE - 1) / Long.SIZE;
        keptShare = 1;
        if (pairCount == 0 || k == 0) {
            return 0;
        }
        if (rowMasks.length < rows * panels) {
            rowMasks = new long[rows * panels];
        }
        if (order.length < rows) {
            keys = new long[rows];
            order = new int[rows];
        }
        if (pairs.length < pairCount * panels) {
            pairs = new long[pairCount * panels];
        }
        if (fours.length < fourCount * panels) {
            fours = new long[fourCount * panels];
        }
        markRows(a, aOffset, lda, rows, k, panels, rowMasks);
        if (rows <= MAX_SORTED_ROWS && k <= ROW_MASK) {
            similarityKeys(rowMasks, rows, panels, k, keys);
            Arrays.sort(keys, 0, rows);
        } else {
            Arrays.setAll(keys, i -> i);
        }
        for (int i = 0; i < rows; i++) {
            order[i] = (int) (keys[i] & ROW_MASK);
        }
        long keptByPairs = groupPairs(rowMasks, order, pairCount, panels, pairs);
        long keptByFours = groupFours(pairs, fourCount, panels, fours);
        double dense = (double) rows * k;
        double byPairs = costs.pair() * 2 * keptByPairs + (double) (rows - 2 * pairCount) * k;
        double byFours = costs.four() * 4 * keptByFours + (double) (rows - 4 * fourCount) * k;
        if (byPairs < dense && byPairs <= byFours) {
            chosen = pairs;
            keptShare = keptByPairs / ((double) pairCount * k);
            return 2;
        }
        if (byFours < dense) {
            chosen = fours;
            keptShare = keptByFours / ((double) fourCount * k);
            return 4;
        }
        return 0;
    }

    /*
     * The loops of choose, each in a method of its own with no branch but its loops': choose's branches depend
     * on the data (whether its arrays must grow, which tile wins), and where one goes a way that C2's profile had
     * never seen, C2's code traps and choose runs interpreted until it is compiled again. Its vector loop run so
     * took milliseconds a call: after the warm-up, the first 50 steps of a run (batch 128, Zen 5) took 3.6-5.6 ms
     * each (medians of three JVMs) against 0.6-0.8 later, and 50 steps about the second epoch's first hundred, at
     * a trap on the choice, 2.3-3.3 ms. Loops in callees stay compiled whatever choose's own code does: with
     * them, those steps took 0.7-1.05 and 1.0-1.6 ms.
     */

    /** Each row's kept steps into rowMasks ([row][panel]). */
    private static void markRows(float[] a, int aOffset, int lda, int rows, int k, int panels, long[] rowMasks) {
        Arrays.fill(rowMasks, 0, rows * panels, 0L);
        int whole = k / L * L;
        for (int i = 0; i < rows; i++) {
            int at = i * panels;
            int row = aOffset + i * lda;
            int p = 0;
            for (; p < whole; p += L) { // L divides 64, so a vector's bits fall in one panel
                long bits = FloatVector.fromArray(S, a, row + p).compare(VectorOperators.NE, 0f).toLong();
                rowMasks[at + (p >>> 6)] |= bits << (p & 63);
            }
            for (; p < k; p++) {
                rowMasks[at + (p >>> 6)] |= a[row + p] != 0f ? 1L << (p & 63) : 0L;
            }
        }
    }

    /** Each row's {@link #similarity} key, with its number in the low 21 bits, into keys. */
    private static void similarityKeys(long[] rowMasks, int rows, int panels, int k, long[] keys) {
        for (int i = 0; i < rows; i++) {
            keys[i] = similarity(rowMasks, i * panels, panels, k) << 21 | i;
        }
    }

    /** The steps each pair of rows in {@code order} keeps, into pairs ([pair][panel]); returns their count. */
    private static long groupPairs(long[] rowMasks, int[] order, int pairCount, int panels, long[] pairs) {
        long kept = 0;
        for (int t = 0; t < pairCount; t++) {
            int first = order[2 * t] * panels;
            int second = order[2 * t + 1] * panels;
            for (int q = 0; q < panels; q++) {
                long mask = closeGaps(rowMasks[first + q] | rowMasks[second + q], CLOSED_GAP);
                pairs[t * panels + q] = mask;
                kept += Long.bitCount(mask);
            }
        }
        return kept;
    }

    /** The steps each four (two neighbouring pairs) keeps, into fours ([four][panel]); returns their count. */
    private static long groupFours(long[] pairs, int fourCount, int panels, long[] fours) {
        long kept = 0;
        for (int q = 0; q < fourCount * panels; q++) {
            int pair = q / panels * 2;
            int panel = q % panels;
            fours[q] = closeGaps(pairs[pair * panels + panel] | pairs[(pair + 1) * panels + panel], CLOSED_GAP);
            kept += Long.bitCount(fours[q]);
        }
        return kept;
    }

    /**
     * A key that puts rows of A that keep about the same steps next to each other, so that a group keeps fewer
     * steps than neighbouring rows would: how many of the row's 16-step blocks hold a non-zero (bits 21 on), then
     * its first non-zero step (k where none). For images, the object's size, then where it starts. On Fashion-MNIST batches of 128, pairs so
     * sorted keep 54 % of the top half's steps and 63 % of the bottom half's (61 % and 71 % in batch order), fours
     * 62 % and 69 % (74 % and 84 %). Each row's sums are the same whichever rows share its tile.
     */
    private static long similarity(long[] rowMasks, int at, int panels, int k) {
        long blocks = 0;
        int first = k;
        for (int q = panels - 1; q >= 0; q--) {
            long mask = rowMasks[at + q];
            first = mask != 0 ? q * Long.SIZE + Long.numberOfTrailingZeros(mask) : first;
            for (int shift = 0; shift < Long.SIZE; shift += 16) {
                blocks += (mask >>> shift & 0xFFFF) != 0 ? 1 : 0;
            }
        }
        return blocks << 21 | first;
    }

    /**
     * {@code mask} with every gap of at most {@code gap} clear bits between two runs of set bits set too, so that
     * the tile runs the two runs as one, computing the gap's steps as the dense tiles do (their terms are exact
     * zeros, and the sums stay the dense ones). Gaps before the first run and after the last stay clear.
     */
    static long closeGaps(long mask, int gap) {
        long closed = mask;
        for (long rest = mask; gap > 0 && rest != 0; ) {
            int start = Long.numberOfTrailingZeros(rest);
            int end = start + Long.numberOfTrailingZeros(~(rest >>> start)); // 64 when the run reaches the last bit
            if (end >= Long.SIZE) {
                break;
            }
            rest &= -1L << end; // the runs after this one
            int next = Long.numberOfTrailingZeros(rest); // 64 when there is none
            if (rest != 0 && next - end <= gap) {
                closed |= -1L << end & ~(-1L << next);
            }
        }
        return closed;
    }

    /** Row {@code i} of the groups' order: pair t is rows row(2t) and row(2t + 1), four t rows row(4t)..row(4t + 3). */
    int row(int i) {
        return order[i];
    }

    /** The steps of panel {@code panel} (its bit s: step 64·panel + s) that group {@code t} of the last choice keeps. */
    long mask(int t, int panel) {
        return chosen[t * panels + panel];
    }
}
