package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The masks of steps that pairs and fours of rows of an A·B keep, as {@link FastMatrixKernel} reads them, and the choice of tile. */
@Tag("zero-runs")
class ZeroRunsTest {

    private final ZeroRuns runs = new ZeroRuns();

    @BeforeEach
    void onlyWhereTheKernelUsesThem() {
        assumeTrue(ZeroRuns.APPLIES, "ZeroRuns needs 16- or 8-float vectors (AVX-512 or AVX2)");
    }

    /**
     * A block of 11 rows × 150 steps at column 3 of rows 160 apart, whose rows each keep at most one step: the
     * groups take the rows in their sorted order, and the rows past the last whole group are left out. Steps cross
     * the vectors' 16 and the panels' 64, and end in a scalar tail (150).
     */
    @Test
    void shouldSetTheStepsWhereAnyRowOfAGroupIsNotZero() {
        int lda = 160;
        int from = 3;
        float[] a = new float[11 * lda];
        java.util.Arrays.fill(a, 1f); // the columns around the block are not zero, and must not be read
        for (int i = 0; i < 11; i++) {
            for (int p = 0; p < 150; p++) {
                a[i * lda + from + p] = 0f;
            }
        }
        a[0 * lda + from + 0] = 2f;    // panel 0, bit 0
        a[1 * lda + from + 63] = -1f;  // panel 0, bit 63
        a[3 * lda + from + 64] = 3f;   // panel 1, bit 0
        a[2 * lda + from + 64] = 4f;   // the same step in another row
        a[4 * lda + from + 149] = Float.NaN; // panel 2, bit 21: the tail, and NaN is not zero
        a[7 * lda + from + 70] = 5f;   // panel 1, bit 6
        a[6 * lda + from + 17] = -0f;  // a negative zero is zero
        a[8 * lda + from + 5] = 7f;    // panel 0, bit 5
        a[10 * lda + from + 9] = 7f;   // panel 0, bit 9

        // each row's own steps, by panel; rows 5, 6 (a negative zero) and 9 keep none
        long[][] own = new long[11][3];
        own[0][0] = 1L;
        own[1][0] = 1L << 63;
        own[2][1] = 1L;
        own[3][1] = 1L;
        own[4][2] = 1L << 21; // NaN
        own[7][1] = 1L << 6;
        own[8][0] = 1L << 5;
        own[10][0] = 1L << 9;

        assertThat(runs.mark(a, from, lda, 11, 150, ZeroRuns.Costs.FOURS)).isEqualTo(4);
        // sorted by 16-step blocks kept, then first step kept, then row: the empty rows, then by first step
        assertThat(orderOf(11)).containsExactly(5, 6, 9, 0, 8, 10, 1, 2, 3, 7, 4);
        assertGroupsKeepTheirRowsSteps(own, 4, 2, 3);

        assertThat(runs.mark(a, from, lda, 11, 150, ZeroRuns.Costs.PAIRS)).isEqualTo(2);
        assertThat(orderOf(11)).containsExactly(5, 6, 9, 0, 8, 10, 1, 2, 3, 7, 4);
        assertGroupsKeepTheirRowsSteps(own, 2, 5, 3); // row 4, last in the order, is left out
        assertThat(runs.mask(1, 0)).as("rows 9 and 0").isEqualTo(1L);
        assertThat(runs.mask(3, 0)).as("rows 1 and 2").isEqualTo(1L << 63);
        assertThat(runs.mask(3, 1)).as("rows 1 and 2").isEqualTo(1L);
    }

    private int[] orderOf(int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = runs.row(i);
        }
        return order;
    }

    private void assertGroupsKeepTheirRowsSteps(long[][] own, int group, int groups, int panels) {
        for (int t = 0; t < groups; t++) {
            for (int q = 0; q < panels; q++) {
                long expected = 0;
                for (int i = group * t; i < group * t + group; i++) {
                    expected |= own[runs.row(i)][q];
                }
                assertThat(runs.mask(t, q)).as("group %d of %d rows, panel %d", t, group, q).isEqualTo(expected);
            }
        }
    }

    /**
     * Rows that keep about the same steps are grouped, wherever they are: rows 0, 2, 4 and 6 keep steps 0-15, rows
     * 1, 3, 5 and 7 steps 40-63. In batch order every pair would keep 40 steps; sorted, 16 or 24.
     */
    @Test
    void shouldGroupRowsThatKeepTheSameSteps() {
        int k = 64;
        float[] a = new float[8 * k];
        for (int i = 0; i < 8; i++) {
            for (int p = i % 2 == 0 ? 0 : 40, end = i % 2 == 0 ? 16 : 64; p < end; p++) {
                a[i * k + p] = 1f + i;
            }
        }
        assertThat(runs.mark(a, 0, k, 8, k, ZeroRuns.Costs.PAIRS)).isEqualTo(2);
        assertThat(orderOf(8)).containsExactly(0, 2, 4, 6, 1, 3, 5, 7);
        assertThat(runs.mask(0, 0)).isEqualTo(0xFFFFL);
        assertThat(runs.mask(3, 0)).isEqualTo(-1L << 40);
    }

    /**
     * Four rows of 64 steps: rows 0 and 1 keep steps 0-31, rows 2 and 3 steps 32-47, so the order is 2, 3, 0, 1.
     * The pairs keep 16 + 32 steps of 128, the four 48 of 64: per row, half as many kept steps in pairs.
     */
    @Test
    void shouldChooseTheTileWhoseKeptStepsCostLeast() {
        int k = 64;
        float[] a = new float[4 * k];
        for (int p = 0; p < 32; p++) {
            a[p] = 1f;
            a[k + p] = 2f;
        }
        for (int p = 32; p < 48; p++) {
            a[2 * k + p] = 3f;
            a[3 * k + p] = 4f;
        }
        // dense 256 row-steps; pairs cost 2·48·pair, fours 4·48·four
        assertThat(runs.mark(a, 0, k, 4, k, new ZeroRuns.Costs(1.25, 1.25))).isEqualTo(2); // 120 against 240
        assertThat(runs.mark(a, 0, k, 4, k, new ZeroRuns.Costs(2.5, 1.2))).isEqualTo(4);   // 240, 230.4
        assertThat(runs.mask(0, 0)).as("the four's").isEqualTo(0xFFFF_FFFFFFFFL);
        assertThat(runs.mark(a, 0, k, 4, k, new ZeroRuns.Costs(2.0, 1.0))).isEqualTo(2);   // a tie: 192 each
        assertThat(runs.mask(0, 0)).as("rows 2 and 3").isEqualTo(0xFFFFL << 32);
        assertThat(runs.mask(1, 0)).as("rows 0 and 1").isEqualTo(0xFFFF_FFFFL);
        assertThat(runs.mark(a, 0, k, 4, k, new ZeroRuns.Costs(2.7, 1.4))).isZero();       // 259.2, 268.8
    }

    /**
     * Rows left out of the groups count as dense: rows 0-3 keep all 64 steps and rows 4 and 5 none, so the order is
     * 4, 5, 0, 1, 2, 3; the pairs keep 0 + 64 + 64 steps, the one four (4, 5, 0, 1) 64, and rows 2 and 3 run dense.
     */
    @Test
    void shouldCountTheRowsLeftOutOfTheGroupsAsDense() {
        int k = 64;
        float[] a = new float[6 * k];
        java.util.Arrays.fill(a, 0, 4 * k, 1f);
        // dense 384; pairs 2·128·pair; fours 4·64·four + 2·64
        assertThat(runs.mark(a, 0, k, 6, k, new ZeroRuns.Costs(1.4, 0.9))).isEqualTo(2); // 358.4 each: a tie
        assertThat(runs.mark(a, 0, k, 6, k, new ZeroRuns.Costs(1.4, 0.8))).isEqualTo(4); // 358.4, 332.8
        assertThat(runs.mark(a, 0, k, 6, k, new ZeroRuns.Costs(2.0, 1.01))).isZero();    // 512, 386.56
    }

    /** Gaps of at most the given length between two runs are set; longer ones, and the ends, stay clear. */
    @Test
    void shouldCloseOnlyTheShortGapsBetweenRuns() {
        long mask = 0b1100_1001_0000_1110L | 1L << 63 | 1L << 60;
        // runs 1-3, 8, 11, 14-15, 60, 63: gaps 4-7 (4 steps), 9-10 (2), 12-13 (2), 16-59 (44), 61-62 (2)
        assertThat(ZeroRuns.closeGaps(mask, 0)).isEqualTo(mask);
        assertThat(ZeroRuns.closeGaps(mask, 1)).isEqualTo(mask);
        assertThat(ZeroRuns.closeGaps(mask, 2)).isEqualTo(0b1111_1111_0000_1110L | 0b1111L << 60);
        assertThat(ZeroRuns.closeGaps(mask, 4)).isEqualTo(0xFFFEL | 0b1111L << 60);
        assertThat(ZeroRuns.closeGaps(mask, 44)).isEqualTo(-2L);
        assertThat(ZeroRuns.closeGaps(0L, 3)).isZero();
        assertThat(ZeroRuns.closeGaps(-1L, 3)).isEqualTo(-1L);
        assertThat(ZeroRuns.closeGaps(1L << 63, 3)).isEqualTo(1L << 63);
    }

    /** A pair's masks close their gaps of {@link ZeroRuns#CLOSED_GAP} steps, and so do the fours'. */
    @Test
    void shouldMarkThePairsWithTheirShortGapsClosed() {
        int k = 64;
        float[] a = new float[4 * k];
        int gap = Math.max(1, ZeroRuns.CLOSED_GAP);
        a[0] = 1f; // row 0: step 0; row 1: the step after a gap of CLOSED_GAP steps (at least one)
        a[k + 1 + gap] = 2f;
        a[2 * k + 40] = 3f; // rows 2 and 3: steps 40 and 42 + CLOSED_GAP, a gap of CLOSED_GAP + 1 steps
        a[3 * k + 42 + gap] = 4f;
        long first = 1L | 1L << 1 + gap;
        long second = 1L << 40 | 1L << 42 + gap;
        long closedFirst = ZeroRuns.CLOSED_GAP > 0 ? (1L << 2 + gap) - 1 : first;
        assertThat(runs.mark(a, 0, k, 4, k, ZeroRuns.Costs.PAIRS)).isEqualTo(2);
        assertThat(orderOf(4)).containsExactly(0, 1, 2, 3);
        assertThat(runs.mask(0, 0)).isEqualTo(closedFirst);
        assertThat(runs.mask(1, 0)).isEqualTo(second);
        assertThat(runs.mark(a, 0, k, 4, k, ZeroRuns.Costs.FOURS)).isEqualTo(4);
        assertThat(runs.mask(0, 0)).isEqualTo(closedFirst | second);
    }

    /**
     * Marks sized up front (as a training step's are) and marks that grow as blocks come choose and group the same,
     * block after block: smaller than the room given, as large, and larger, on image-like rows of random zeros.
     */
    @Test
    void shouldMarkTheSameWhetherSizedUpFrontOrGrown() {
        var random = new java.util.SplittableRandom(7);
        var sized = new ZeroRuns(40, 150);
        for (int[] block : new int[][] {{40, 150}, {13, 150}, {40, 97}, {64, 200}, {40, 150}}) {
            int rows = block[0];
            int k = block[1];
            float[] a = new float[rows * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextInt(3) == 0 ? (float) random.nextDouble() : 0f;
            }
            for (var costs : new ZeroRuns.Costs[] {ZeroRuns.Costs.PAIRS, ZeroRuns.Costs.FOURS, ZeroRuns.Costs.UNTIMED}) {
                int group = runs.mark(a, 0, k, rows, k, costs);
                assertThat(sized.mark(a, 0, k, rows, k, costs)).isEqualTo(group);
                for (int i = 0; i < rows; i++) {
                    assertThat(sized.row(i)).isEqualTo(runs.row(i));
                }
                for (int t = 0; group > 0 && t < rows / group; t++) {
                    for (int panel = 0; panel < (k + 63) / 64; panel++) {
                        assertThat(sized.mask(t, panel)).isEqualTo(runs.mask(t, panel));
                    }
                }
            }
        }
    }

    /** Past 4,096 rows the rows are not sorted: the groups take them in their own order. */
    @Test
    void shouldKeepTheRowsInOrderPastTheSortedLimit() {
        int rows = 4098;
        float[] a = new float[rows * 8];
        a[5 * 8 + 3] = 1f;
        runs.mark(a, 0, 8, rows, 8, ZeroRuns.Costs.PAIRS);
        assertThat(orderOf(rows)).isEqualTo(java.util.stream.IntStream.range(0, rows).toArray());
    }

    @Test
    void shouldDeclineWithoutAWholePair() {
        assertThat(runs.mark(new float[10], 0, 10, 1, 10, ZeroRuns.Costs.PAIRS)).isZero();
        assertThat(runs.mark(new float[0], 0, 0, 4, 0, ZeroRuns.Costs.PAIRS)).isZero();
    }
}
