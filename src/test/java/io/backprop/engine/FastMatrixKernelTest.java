package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast kernel against the reference one (lucene {@code TestVectorUtilSupport}): sizes 1, 3, 17, 127 and
 * 1000 leave every vector loop, micro-tile and thread split a ragged tail; operands sit at different
 * offsets inside arrays padded with NaN, so a read outside an operand that leaked into C, or a write
 * outside C, shows.
 */
class FastMatrixKernelTest {

    private static final int[] SIZES = {1, 3, 17, 127};
    private static final int A_OFFSET = 3;
    private static final int B_OFFSET = 7;
    private static final int C_OFFSET = 5;
    /**
     * Padding after each operand: short, so the last rows of B cannot be read a whole vector wide, or long,
     * so they can and the lanes past the operand hold NaN.
     */
    private static final int[] TAILS = {2, 40};

    private final MatrixKernel fast = new FastMatrixKernel();
    private final MatrixKernel reference = new ReferenceMatrixKernel();

    enum Form { PLAIN, TRANSPOSED_A, TRANSPOSED_B }

    static Stream<Arguments> shapes() {
        var shapes = new ArrayList<Arguments>();
        for (int m : SIZES) {
            for (int k : SIZES) {
                for (int n : SIZES) {
                    shapes.add(Arguments.of(m, k, n));
                }
            }
        }
        // 1000 in each dimension, the others small enough to keep the run short
        for (int small : new int[] {1, 3, 17}) {
            shapes.add(Arguments.of(1000, small, 17));
            shapes.add(Arguments.of(17, 1000, small));
            shapes.add(Arguments.of(small, 17, 1000));
        }
        shapes.add(Arguments.of(127, 1000, 127));
        // wide enough for Aᵀ·B to run on a copy of A transposed by both threads, m leaving a ragged eighth
        shapes.add(Arguments.of(1001, 17, 257));
        // every count of rows modulo the six- and four-row tiles, on one panel's width and across two panels of k
        for (int m = 16; m < 22; m++) {
            shapes.add(Arguments.of(m, 70, 64));
        }
        // the MLP's shapes at batch 32: layers 784→256→128→10
        shapes.add(Arguments.of(32, 784, 256));
        shapes.add(Arguments.of(256, 32, 128));
        shapes.add(Arguments.of(32, 10, 128));
        shapes.add(Arguments.of(5, 0, 9));
        // above a task's cap of multiply-adds: cut by rows, then by columns, into uneven halves with a column tail
        shapes.add(Arguments.of(300, 600, 200));
        return shapes.stream();
    }

    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @MethodSource("shapes")
    void shouldMatchTheReferenceKernelInEveryForm(int m, int k, int n) {
        var random = new SplittableRandom(1009L * m + 31L * k + n);
        for (int tail : TAILS) {
            float[] a = operand(random, A_OFFSET, m * k, tail);
            float[] b = operand(random, B_OFFSET, k * n, tail);
            for (var form : Form.values()) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] expected = operand(random, C_OFFSET, m * n, tail);
                    float[] actual = expected.clone();
                    multiply(reference, form, expected, a, b, m, k, n, accumulate);
                    multiply(fast, form, actual, a, b, m, k, n, accumulate);
                    assertClose(actual, expected, a, b, form, m, k, n, accumulate);
                }
            }
        }
    }

    /**
     * A single row (a prediction) takes its own path, which skips the zero entries of A: half of them are
     * zero here, in runs and alone, k passes the path's first scratch size, and n leaves it every tail.
     */
    @ParameterizedTest(name = "k={0} n={1}")
    @CsvSource({"1, 1", "17, 3", "784, 10", "784, 128", "784, 256", "127, 300", "2000, 17", "33, 1000"})
    void shouldMatchTheReferenceKernelOnOneRowWithZerosInIt(int k, int n) {
        var random = new SplittableRandom(613L * k + n);
        for (int tail : TAILS) {
            float[] a = operand(random, A_OFFSET, k, tail);
            for (int p = 0; p < k; p++) {
                if (random.nextInt(4) < 2 || (p / 8) % 3 == 0) {
                    a[A_OFFSET + p] = 0f;
                }
            }
            float[] b = operand(random, B_OFFSET, k * n, tail);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] expected = operand(random, C_OFFSET, n, tail);
                float[] actual = expected.clone();
                multiply(reference, Form.PLAIN, expected, a, b, 1, k, n, accumulate);
                multiply(fast, Form.PLAIN, actual, a, b, 1, k, n, accumulate);
                assertClose(actual, expected, a, b, Form.PLAIN, 1, k, n, accumulate);
            }
        }
    }

    /**
     * Asked to, the Aᵀ·B form's row tiles skip the steps of k at which their entries of A are all zero: here A is an
     * image-like or ReLU-like factor, each entry zero with probability one half and whole runs of steps zero
     * throughout, so tiles keep anything from none to all of a panel's steps (the other forms, dense, must
     * agree on the same factors too). Sizes cross the packed panels' 64 steps, the listed blocks' 256 rows
     * and the vector lanes of the lists; the last has over 2²⁰ floats of A, which 8-float vectors do not copy
     * transposed (see shouldSumRunsOfDenseTilesAsTheDenseProductDoes), so that their listed tiles are tested too.
     */
    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @CsvSource({"128, 784, 256", "784, 128, 256", "32, 784, 128", "784, 32, 64", "300, 130, 64", "21, 67, 130",
            "600, 200, 70", "264, 4000, 40"})
    void shouldMatchTheReferenceKernelWhenRowsOfAShareZeros(int m, int k, int n) {
        var random = new SplittableRandom(4241L * m + 13L * k + n);
        for (var form : Form.values()) {
            float[] a = operand(random, A_OFFSET, m * k, 2);
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    // every third run of 16 steps of k is zero throughout, so tiles skip more than a quarter
                    if (random.nextBoolean() || p / 16 % 3 == 1) {
                        a[A_OFFSET + aIndex(form, i, p, m, k)] = 0f;
                    }
                }
            }
            float[] b = operand(random, B_OFFSET, k * n, 2);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] expected = operand(random, C_OFFSET, m * n, 2);
                float[] actual = expected.clone();
                multiply(reference, form, expected, a, b, m, k, n, accumulate);
                multiplySkippingZeros(fast, form, actual, a, b, m, k, n, accumulate);
                assertClose(actual, expected, a, b, form, m, k, n, accumulate);
            }
        }
    }

    /**
     * An image's middle: in a skipping Aᵀ·B, runs of one to six four-row tiles (rows of C) have no zeros and go
     * dense between tiles that skip most of their steps, so the dense runs are cut into six- and four-row
     * tiles in every way the run lengths allow. Every sum must be the dense product's, bit for bit. With
     * 8-float vectors a product this small runs on a transposed copy of A instead, listing nothing; the
     * sizes of over 2²⁰ floats of A (the repeated runs over 4,096 steps) are listed there too.
     */
    @ParameterizedTest(name = "k={0} n={1} runs×{2}")
    @CsvSource({"128, 256, 1", "32, 64, 1", "300, 70, 1", "4096, 40, 2"})
    void shouldSumRunsOfDenseTilesAsTheDenseProductDoes(int k, int n, int repeats) {
        var random = new SplittableRandom(31L * k + n);
        int[] once = {1, 2, 3, 4, 5, 6, 1, 3, 2};
        int[] runs = new int[once.length * repeats];
        for (int r = 0; r < repeats; r++) {
            System.arraycopy(once, 0, runs, r * once.length, once.length);
        }
        int m = 0;
        for (int run : runs) {
            m += 4 * (run + 1); // the run, then one sparse tile
        }
        m += 3; // and rows that no four-row tile holds
        float[] a = operand(random, A_OFFSET, m * k, 2);
        int row = 0;
        for (int run : runs) {
            row += 4 * run;
            for (int i = row; i < row + 4; i++) {
                for (int p = 0; p < k; p++) {
                    if (p % 5 != 0) {
                        a[A_OFFSET + p * m + i] = 0f;
                    }
                }
            }
            row += 4;
        }
        float[] b = operand(random, B_OFFSET, k * n, 2);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] dense = operand(random, C_OFFSET, m * n, 2);
            float[] skipping = dense.clone();
            float[] expected = dense.clone();
            fast.multiplyTransposedA(dense, C_OFFSET, a, A_OFFSET, b, B_OFFSET, m, k, n, accumulate);
            fast.multiplyTransposedAStridedSkippingZeros(skipping, C_OFFSET, n, a, A_OFFSET, m, b, B_OFFSET, n, m, k, n, accumulate);
            reference.multiplyTransposedA(expected, C_OFFSET, a, A_OFFSET, b, B_OFFSET, m, k, n, accumulate);
            assertClose(skipping, expected, a, b, Form.TRANSPOSED_A, m, k, n, accumulate);
            assertThat(skipping).as("accumulate=%s", accumulate).containsExactly(dense);
        }
    }

    /**
     * NaN is not zero: a NaN of A at a step where the rest of its tile is zero still reaches its row of C, at a
     * step past the first 16 of its panel, in a tile listed four at a time (m = 64) and in one listed alone
     * (m = 68: tile 16). Repeated, so that the lists' loops run compiled too.
     */
    @ParameterizedTest(name = "{0} m={1} NaN at ({2}, {3})")
    @CsvSource({"PLAIN, 64, 9, 70", "TRANSPOSED_A, 64, 9, 90", "TRANSPOSED_A, 68, 66, 90"})
    void shouldNotSkipANaNOfA(Form form, int m, int row, int step) {
        int k = 100, n = 64;
        float[] a = new float[A_OFFSET + m * k];
        a[A_OFFSET + aIndex(form, row, step, m, k)] = Float.NaN;
        a[A_OFFSET + aIndex(form, 40, 3, m, k)] = 1f;
        float[] b = operand(new SplittableRandom(5), B_OFFSET, k * n, 2);
        float[] c = new float[C_OFFSET + m * n];
        for (int round = 0; round < 300; round++) {
            multiplySkippingZeros(fast, form, c, a, b, m, k, n, false);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float expected = i == row ? Float.NaN : i == 40 ? b[B_OFFSET + bIndex(form, 3, j, k, n)] : 0f;
                    assertThat(Float.valueOf(c[C_OFFSET + i * n + j])).as("round %d C[%d,%d]", round, i, j)
                            .isEqualTo(Float.valueOf(expected));
                }
            }
        }
    }

    /**
     * A's non-zero steps compacted once (five-row tiles, see {@link CompactedSteps}) and multiplied by two blocks of
     * B, as a training step's parts do: each block's sums are the dense Aᵀ·B's, term for term (equal as floats, so up
     * to the sign of an exact zero). A ends where its array ends, so the last tiles' vector loads would pass the end:
     * those rows (and the rows no tile holds, and the columns past the last stretch) are summed in place instead.
     */
    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @CsvSource({"47, 128, 70", "48, 33, 64", "400, 128, 128", "23, 300, 9"})
    void shouldSumCompactedStepsAsTheDenseProductDoes(int m, int k, int n) {
        var random = new SplittableRandom(7L * m + 3L * k + n);
        float[] a = new float[A_OFFSET + k * m];
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                boolean zero = random.nextBoolean() || (p + i / 5) % 3 == 1;
                a[A_OFFSET + p * m + i] = zero ? (random.nextBoolean() ? 0f : -0f) : (float) random.nextDouble(-1, 1);
            }
        }
        var steps = new CompactedSteps();
        fast.compactZeros(steps, a, A_OFFSET, m, m, k);
        for (int block = 0; block < 2; block++) {
            float[] b = strided(random, B_OFFSET, k, n, n);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] dense = strided(random, C_OFFSET, m, n, n);
                float[] compacted = dense.clone();
                float[] expected = dense.clone();
                fast.multiplyTransposedAStrided(dense, C_OFFSET, n, a, A_OFFSET, m, b, B_OFFSET, n, m, k, n, accumulate);
                fast.multiplyTransposedAStridedCompacted(compacted, C_OFFSET, n, steps, a, A_OFFSET, m, b, B_OFFSET, n, m, k, n,
                        accumulate);
                reference.multiplyTransposedAStrided(expected, C_OFFSET, n, a, A_OFFSET, m, b, B_OFFSET, n, m, k, n, accumulate);
                assertClose(compacted, expected, a, b, Form.TRANSPOSED_A, m, k, n, accumulate);
                for (int at = 0; at < dense.length; at++) {
                    boolean same = compacted[at] == dense[at] || Float.isNaN(compacted[at]) && Float.isNaN(dense[at]); // NaN: padding
                    assertThat(same).as("block %d accumulate=%s [%d]: %s against %s", block, accumulate, at, compacted[at],
                            dense[at]).isTrue();
                }
            }
        }
    }

    /** Steps compacted from one A are refused for another: they would skip the other's non-zero terms. */
    @Test
    void shouldRefuseTheCompactedStepsOfAnotherA() {
        int m = 40, k = 16, n = 32;
        float[] a = new float[A_OFFSET + k * m];
        float[] b = new float[B_OFFSET + k * n];
        float[] c = new float[C_OFFSET + m * n];
        var steps = new CompactedSteps();
        fast.compactZeros(steps, a, A_OFFSET, m, m, k);
        assertThatThrownBy(() -> fast.multiplyTransposedAStridedCompacted(c, C_OFFSET, n, steps, a.clone(), A_OFFSET, m, b,
                B_OFFSET, n, m, k, n, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fast.multiplyTransposedAStridedCompacted(c, C_OFFSET, n, steps, a, A_OFFSET, m, b,
                B_OFFSET, n, m, k - 1, n, false)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The skipping Aᵀ·B on a block of a bigger A: the gap columns after each of A's rows hold zeros, so a tile
     * that read a neighbour's columns instead of its own would skip steps it must not, and C would differ.
     */
    @ParameterizedTest(name = "m={0} k={1} n={2} gap={3}")
    @CsvSource({"70, 130, 64, 5", "784, 128, 128, 19", "17, 40, 64, 3"})
    void shouldSkipOnlyTheZerosOfItsOwnBlockOfA(int m, int k, int n, int gap) {
        var random = new SplittableRandom(97L * m + k + gap);
        int lda = m + gap;
        float[] a = new float[A_OFFSET + k * lda];
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                boolean zero = random.nextBoolean() || p / 16 % 3 == 1;
                a[A_OFFSET + p * lda + i] = zero ? 0f : (float) random.nextDouble(-1, 1);
            }
        }
        float[] b = strided(random, B_OFFSET, k, n, n);
        float[] expected = strided(random, C_OFFSET, m, n, n);
        float[] actual = expected.clone();
        reference.multiplyTransposedAStrided(expected, C_OFFSET, n, a, A_OFFSET, lda, b, B_OFFSET, n, m, k, n, false);
        fast.multiplyTransposedAStridedSkippingZeros(actual, C_OFFSET, n, a, A_OFFSET, lda, b, B_OFFSET, n, m, k, n, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = C_OFFSET + i * n + j;
                assertThat(Math.abs((double) actual[at] - expected[at])).as("C[%d,%d]", i, j)
                        .isLessThanOrEqualTo(2.0 * (k + 1) * 0x1p-24 * (k + Math.abs(expected[at])) + 1e-30);
            }
        }
    }

    /**
     * The warm-up's timing of the tiles over runs: each kept step costs about as much as a dense one or more (the
     * dense tiles are the kernel's fastest per step; 1.1–1.9 measured on Zen 4 and Zen 5 hosts), and products
     * choose by what it found. The fours' tile spills with AVX2's 16 registers: 1.7–2.2 there, 5.7 once.
     */
    @Test
    @Tag("zero-runs")
    void shouldTimeTheTilesOverRunsOfZerosOnThisHost() {
        assumeTrue(ZeroRuns.APPLIES, "ZeroRuns needs 16- or 8-float vectors (AVX-512 or AVX2)");
        ZeroRuns.Costs before = ZeroRuns.costs();
        try {
            String found = fast.tuneToThisHost();
            ZeroRuns.Costs timed = ZeroRuns.costs();
            assertThat(timed).isNotSameAs(before);
            assertThat(timed.pair()).isBetween(0.7, 5.0);
            assertThat(timed.four()).isBetween(0.7, 20.0);
            assertThat(found).contains(String.format(java.util.Locale.ROOT, "%.2f (pairs)", timed.pair()));
        } finally {
            ZeroRuns.use(before);
        }
    }

    /**
     * The skipping A·B on a block of a bigger A, as the first layer's forward product reads a part's inputs of a
     * batch of images: each row of the block has image-like runs of zeros, and the gap columns around it hold
     * non-zeros, so a group of rows marked at a wrong offset or stride keeps the wrong steps and C differs. The
     * sums must be the dense product's bit for bit (the skipped terms are exact zeros), rows past the last group included,
     * and the product is repeated so that it also runs compiled. Each tile over the runs is fixed in turn, whatever
     * this host's timings would choose; "timed" takes the costs the kernel starts with.
     */
    @ParameterizedTest(name = "{5} tiles: m={0} k={1} n={2} from column {3} of {4}")
    @CsvSource({"128, 392, 256, 392, 784, pairs", "128, 392, 256, 0, 784, pairs", "129, 100, 64, 7, 130, pairs",
            "65, 64, 130, 1, 66, pairs", "300, 200, 70, 16, 230, pairs", "128, 392, 256, 392, 784, fours",
            "128, 392, 256, 0, 784, fours", "129, 100, 64, 7, 130, fours", "65, 64, 130, 1, 66, fours",
            "300, 200, 70, 16, 230, fours", "67, 200, 70, 16, 230, timed"})
    void shouldSkipTheZeroRunsOfItsOwnRowsOfA(int m, int k, int n, int from, int lda, String tiles) {
        ZeroRuns.Costs costs = switch (tiles) {
            case "pairs" -> ZeroRuns.Costs.PAIRS;
            case "fours" -> ZeroRuns.Costs.FOURS;
            default -> ZeroRuns.Costs.UNTIMED;
        };
        ZeroRuns.Costs before = ZeroRuns.use(costs);
        try {
            skipsTheZeroRunsOfItsOwnRowsOfA(m, k, n, from, lda, costs);
        } finally {
            ZeroRuns.use(before);
        }
    }

    private void skipsTheZeroRunsOfItsOwnRowsOfA(int m, int k, int n, int from, int lda, ZeroRuns.Costs costs) {
        var random = new SplittableRandom(53L * m + k + from);
        float[] a = new float[A_OFFSET + m * lda];
        int groupFrom = 0;
        for (int i = 0; i < m; i++) {
            if (i % 4 == 0) { // neighbouring images have their objects in about the same place, as photographed ones do
                groupFrom = random.nextInt(k);
            }
            int objectFrom = groupFrom + random.nextInt(3); // where this row's "object" starts, in each stretch of 28 steps
            for (int q = 0; q < lda; q++) {
                int p = q - from;
                boolean zero = p >= 0 && p < k && ((p + objectFrom) % 28 < 16 || random.nextInt(4) == 0);
                a[A_OFFSET + i * lda + q] = zero ? 0f : (float) random.nextDouble(-1, 1);
            }
        }
        if (ZeroRuns.APPLIES) { // the kernel runs the tiles asked for (pairs 2, fours 4; at the untimed costs, pairs)
            assertThat(new ZeroRuns().mark(a, A_OFFSET + from, lda, m, k, costs)).isEqualTo(costs == ZeroRuns.Costs.FOURS ? 4 : 2);
        }
        float[] b = strided(random, B_OFFSET, k, n, n);
        var marked = new ZeroRuns();
        fast.markZeroRuns(marked, a, A_OFFSET + from, lda, m, k);
        int half = n / 128 * 64; // whole column stretches of the tiles, as the step's chunks are: a tail would round otherwise
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] initial = strided(random, C_OFFSET, m, n, n);
            float[] expected = initial.clone();
            float[] dense = initial.clone();
            reference.multiplyStrided(expected, C_OFFSET, n, a, A_OFFSET + from, lda, b, B_OFFSET, n, m, k, n, accumulate);
            fast.multiplyStrided(dense, C_OFFSET, n, a, A_OFFSET + from, lda, b, B_OFFSET, n, m, k, n, accumulate);
            for (int round = 0; round < 30; round++) {
                float[] skipping = initial.clone();
                if (round % 2 == 0) {
                    fast.multiplyStridedSkippingZeros(skipping, C_OFFSET, n, a, A_OFFSET + from, lda, b, B_OFFSET, n, m, k, n,
                            accumulate);
                } else { // on the caller's marks, read by two products over halves of the columns, as the step's chunks
                    fast.multiplyStridedSkippingZeros(skipping, C_OFFSET, n, a, A_OFFSET + from, lda, b, B_OFFSET, n, m, k,
                            half, accumulate, marked);
                    fast.multiplyStridedSkippingZeros(skipping, C_OFFSET + half, n, a, A_OFFSET + from, lda, b, B_OFFSET + half,
                            n, m, k, n - half, accumulate, marked);
                }
                for (int at = 0; at < skipping.length; at++) {
                    int i = (at - C_OFFSET) / n;
                    boolean inC = at >= C_OFFSET && i < m;
                    assertThat(skipping[at] == dense[at] || !inC && Float.isNaN(skipping[at]) && Float.isNaN(dense[at]))
                            .as("round %d, accumulate=%s, at %d: %s skipping, %s dense", round, accumulate, at,
                                    skipping[at], dense[at]).isTrue();
                    if (inC) {
                        assertThat(Math.abs((double) skipping[at] - expected[at])).as("C at %d", at)
                                .isLessThanOrEqualTo(2.0 * (k + 1) * 0x1p-24 * (k + Math.abs(expected[at])) + 1e-30);
                    }
                }
            }
        }
    }

    /** Marks made on one block of A, read by a product on another, would skip the wrong steps: refused. */
    @Test
    @Tag("zero-runs")
    void shouldRefuseRunsMarkedOnAnotherBlockOfA() {
        assumeTrue(ZeroRuns.APPLIES, "ZeroRuns needs 16- or 8-float vectors (AVX-512 or AVX2)");
        var random = new SplittableRandom(11);
        float[] a = strided(random, A_OFFSET, 64, 200, 200);
        float[] b = strided(random, B_OFFSET, 100, 64, 64);
        float[] c = new float[C_OFFSET + 64 * 64];
        var marked = new ZeroRuns();
        fast.markZeroRuns(marked, a, A_OFFSET, 200, 64, 100);
        assertThatThrownBy(() -> fast.multiplyStridedSkippingZeros(c, C_OFFSET, 64, a, A_OFFSET + 100, 200, b, B_OFFSET, 64,
                64, 100, 64, false, marked)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fast.multiplyStridedSkippingZeros(c, C_OFFSET, 64, a, A_OFFSET, 200, b, B_OFFSET, 64,
                60, 100, 64, false, marked)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The strided forms read and write blocks of bigger matrices (a slice of a layer's units): every operand
     * gets a gap of {@code gap} NaN columns after each row, so a read of a neighbour's columns that leaks into
     * C, or a write into the gap, shows. Both kernels must agree and leave the gaps alone.
     */
    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @MethodSource("shapes")
    void shouldMatchTheReferenceKernelOnStridedBlocks(int m, int k, int n) {
        var random = new SplittableRandom(7919L * m + 17L * k + n);
        for (int gap : new int[] {0, 5, 19}) {
            for (var form : Form.values()) {
                int aRows = form == Form.TRANSPOSED_A ? k : m, aCols = form == Form.TRANSPOSED_A ? m : k;
                int bRows = form == Form.TRANSPOSED_B ? n : k, bCols = form == Form.TRANSPOSED_B ? k : n;
                int lda = aCols + gap, ldb = bCols + gap, ldc = n + gap;
                float[] a = strided(random, A_OFFSET, aRows, aCols, lda);
                float[] b = strided(random, B_OFFSET, bRows, bCols, ldb);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] expected = strided(random, C_OFFSET, m, n, ldc);
                    float[] actual = expected.clone();
                    multiplyStrided(reference, form, expected, ldc, a, lda, b, ldb, m, k, n, accumulate);
                    multiplyStrided(fast, form, actual, ldc, a, lda, b, ldb, m, k, n, accumulate);
                    for (int i = 0; i < actual.length; i++) {
                        double tolerance = 2.0 * (k + 1) * 0x1p-24 * (k + Math.abs(expected[i])) + 1e-30;
                        if (Float.isNaN(expected[i])) {
                            assertThat(actual[i]).as("%s gap=%d: the gap at %d", form, gap, i).isNaN();
                        } else {
                            assertThat(Math.abs((double) actual[i] - expected[i]))
                                    .as("%s gap=%d accumulate=%s at %d: %s vs %s", form, gap, accumulate, i, actual[i], expected[i])
                                    .isLessThanOrEqualTo(tolerance);
                        }
                    }
                }
            }
        }
    }

    /**
     * A caller with several products of the same A (the first layer's Xᵀ·dZ over each part's block of units)
     * transposes A once and multiplies the copy: where the kernel says it transposes A itself, that must give
     * its Aᵀ·B bit for bit; and the transposition is exact in both kernels, strides and ragged edges included.
     */
    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @CsvSource({"32, 16, 128", "48, 5, 128", "400, 128, 128", "35, 17, 160", "1, 3, 17", "127, 17, 3", "17, 127, 300"})
    void shouldMultiplyAnOnceTransposedCopyOfAAsTheTransposedFormDoes(int m, int k, int n) {
        var random = new SplittableRandom(31L * m + k + 7L * n);
        int lda = m + 5, ldb = n + 3;
        float[] a = strided(random, A_OFFSET, k, m, lda);
        float[] b = strided(random, B_OFFSET, k, n, ldb);
        for (var kernel : List.of(fast, reference)) {
            float[] aT = new float[m * k];
            kernel.transposeStrided(aT, a, A_OFFSET, lda, m, k);
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    assertThat(aT[i * k + p]).as("%s aT(%d, %d)", kernel.name(), i, p).isEqualTo(a[A_OFFSET + p * lda + i]);
                }
            }
        }
        float[] aT = new float[m * k];
        fast.transposeStrided(aT, a, A_OFFSET, lda, m, k);
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        fast.multiplyTransposedAStrided(expected, 0, n, a, A_OFFSET, lda, b, B_OFFSET, ldb, m, k, n, false);
        fast.multiplyStrided(actual, 0, n, aT, 0, k, b, B_OFFSET, ldb, m, k, n, false);
        if (fast.transposesA(m, k, n)) {
            assertThat(actual).containsExactly(expected);
        } else {
            assertThat(reference.transposesA(m, k, n)).isFalse();
            for (int i = 0; i < actual.length; i++) {
                assertThat((double) actual[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4 * k));
            }
        }
    }

    @Test
    void shouldGiveCorrectProductsWhenSeveralThreadsMultiplyAtOnce() throws Exception {
        // large enough to be split between the caller and the helper thread
        int m = 64, k = 200, n = 96;
        int threads = 4, rounds = 40;
        var random = new SplittableRandom(42);
        float[] a = operand(random, A_OFFSET, m * k, 2);
        float[] b = operand(random, B_OFFSET, k * n, 2);
        var expected = new float[Form.values().length][];
        for (var form : Form.values()) {
            expected[form.ordinal()] = new float[C_OFFSET + m * n + 2];
            multiply(reference, form, expected[form.ordinal()], a, b, m, k, n, false);
        }
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit((Callable<Void>) () -> {
                    float[] c = new float[C_OFFSET + m * n + 2];
                    for (int round = 0; round < rounds; round++) {
                        var form = Form.values()[(thread + round) % Form.values().length];
                        multiply(fast, form, c, a, b, m, k, n, false);
                        assertClose(c, expected[form.ordinal()], a, b, form, m, k, n, false);
                    }
                    return null;
                }));
            }
            for (var result : results) {
                result.get();
            }
        }
    }

    @Test
    void shouldRefuseOperandsThatDoNotFit() {
        float[] small = new float[10];
        float[] big = new float[1000];
        assertThatThrownBy(() -> fast.multiply(small, 0, big, 0, big, 0, 4, 4, 4, false))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> fast.multiplyTransposedA(big, 0, big, 995, big, 0, 4, 4, 4, false))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> fast.multiplyTransposedB(big, 0, big, 0, big, 0, 4, -1, 4, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void multiply(MatrixKernel kernel, Form form, float[] c, float[] a, float[] b,
                                 int m, int k, int n, boolean accumulate) {
        switch (form) {
            case PLAIN -> kernel.multiply(c, C_OFFSET, a, A_OFFSET, b, B_OFFSET, m, k, n, accumulate);
            case TRANSPOSED_A -> kernel.multiplyTransposedA(c, C_OFFSET, a, A_OFFSET, b, B_OFFSET, m, k, n, accumulate);
            case TRANSPOSED_B -> kernel.multiplyTransposedB(c, C_OFFSET, a, A_OFFSET, b, B_OFFSET, m, k, n, accumulate);
        }
    }

    /** As {@link #multiply}, with the A·B and Aᵀ·B forms through the variants that may skip A's zeros. */
    private static void multiplySkippingZeros(MatrixKernel kernel, Form form, float[] c, float[] a, float[] b,
                                              int m, int k, int n, boolean accumulate) {
        if (form == Form.TRANSPOSED_A) {
            kernel.multiplyTransposedAStridedSkippingZeros(c, C_OFFSET, n, a, A_OFFSET, m, b, B_OFFSET, n, m, k, n, accumulate);
        } else if (form == Form.PLAIN) {
            kernel.multiplyStridedSkippingZeros(c, C_OFFSET, n, a, A_OFFSET, k, b, B_OFFSET, n, m, k, n, accumulate);
        } else {
            multiply(kernel, form, c, a, b, m, k, n, accumulate);
        }
    }

    private static void multiplyStrided(MatrixKernel kernel, Form form, float[] c, int ldc, float[] a, int lda,
                                        float[] b, int ldb, int m, int k, int n, boolean accumulate) {
        switch (form) {
            case PLAIN -> kernel.multiplyStrided(c, C_OFFSET, ldc, a, A_OFFSET, lda, b, B_OFFSET, ldb, m, k, n, accumulate);
            case TRANSPOSED_A ->
                    kernel.multiplyTransposedAStrided(c, C_OFFSET, ldc, a, A_OFFSET, lda, b, B_OFFSET, ldb, m, k, n, accumulate);
            case TRANSPOSED_B ->
                    kernel.multiplyTransposedBStrided(c, C_OFFSET, ldc, a, A_OFFSET, lda, b, B_OFFSET, ldb, m, k, n, accumulate);
        }
    }

    /** A rows × cols block of values in [-1, 1) at {@code offset} with row stride ld; NaN around and between rows. */
    private static float[] strided(SplittableRandom random, int offset, int rows, int cols, int ld) {
        float[] values = new float[offset + rows * ld + 3];
        Arrays.fill(values, Float.NaN);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                values[offset + r * ld + j] = (float) random.nextDouble(-1, 1);
            }
        }
        return values;
    }

    /**
     * Both kernels round each of the k products and sums in float32, in different orders, so each is within
     * k·u·Σ|terms| of the exact value (u = 2⁻²⁴) and they differ by at most twice that.
     */
    private static void assertClose(float[] actual, float[] expected, float[] a, float[] b, Form form,
                                    int m, int k, int n, boolean accumulate) {
        for (int i = 0; i < actual.length; i++) {
            if (i < C_OFFSET || i >= C_OFFSET + m * n) {
                assertThat(Float.floatToRawIntBits(actual[i])).as("outside C at %d", i)
                        .isEqualTo(Float.floatToRawIntBits(expected[i]));
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = C_OFFSET + i * n + j;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    magnitude += Math.abs((double) a[A_OFFSET + aIndex(form, i, p, m, k)] * b[B_OFFSET + bIndex(form, p, j, k, n)]);
                }
                double tolerance = 2.0 * (k + 1) * 0x1p-24 * (magnitude + Math.abs(expected[at])) + 1e-30;
                assertThat(Math.abs((double) actual[at] - expected[at]))
                        .as("%s accumulate=%s m=%d k=%d n=%d C[%d,%d]: %s vs %s", form, accumulate, m, k, n, i, j,
                                actual[at], expected[at])
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    private static int aIndex(Form form, int i, int p, int m, int k) {
        return form == Form.TRANSPOSED_A ? p * m + i : i * k + p;
    }

    private static int bIndex(Form form, int p, int j, int k, int n) {
        return form == Form.TRANSPOSED_B ? j * k + p : p * n + j;
    }

    /** Values in [-1, 1) at {@code offset}, NaN before and after. */
    private static float[] operand(SplittableRandom random, int offset, int size, int tail) {
        float[] values = new float[offset + size + tail];
        Arrays.fill(values, Float.NaN);
        for (int i = offset; i < offset + size; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
