package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The masks of steps that pairs and fours of rows of an A·B keep, as {@link FastMatrixKernel} reads them, and the choice of tile. */
class ZeroRunsTest {

    private final ZeroRuns runs = new ZeroRuns();

    @BeforeEach
    void onlyWhereTheKernelUsesThem() {
        assumeTrue(ZeroRuns.APPLIES, "ZeroRuns needs 16-float vectors (AVX-512)");
    }

    /**
     * A block of 11 rows × 150 steps at column 3 of rows 160 apart: in fours, group 0 is rows 0 to 3, group 1 rows
     * 4 to 7, and rows 8 to 10 are left out. Steps cross the vectors' 16 and the panels' 64, and end in a scalar tail (150).
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
        a[0 * lda + from + 0] = 2f;    // group 0, panel 0, bit 0
        a[1 * lda + from + 63] = -1f;  // group 0, panel 0, bit 63
        a[3 * lda + from + 64] = 3f;   // group 0, panel 1, bit 0: its last row
        a[2 * lda + from + 64] = 4f;   // the same step in another row of the group
        a[4 * lda + from + 149] = Float.NaN; // group 1, panel 2, bit 21: the tail, and NaN is not zero
        a[7 * lda + from + 70] = 5f;   // group 1, panel 1, bit 6
        a[6 * lda + from + 17] = -0f;  // a negative zero is zero
        a[8 * lda + from + 5] = 7f;    // the rows past the last group: none
        a[10 * lda + from + 9] = 7f;

        assertThat(runs.mark(a, from, lda, 11, 150, ZeroRuns.Costs.FOURS)).isEqualTo(4);

        assertThat(runs.mask(0, 0)).isEqualTo(1L | 1L << 63);
        assertThat(runs.mask(0, 1)).isEqualTo(1L);
        assertThat(runs.mask(0, 2)).isZero();
        assertThat(runs.mask(1, 0)).isZero();
        assertThat(runs.mask(1, 1)).isEqualTo(1L << 6);
        assertThat(runs.mask(1, 2)).isEqualTo(1L << 21);

        // the pairs: rows 0-1, 2-3, 4-5, 6-7 and 8-9; row 10 is left out
        assertThat(runs.mark(a, from, lda, 11, 150, ZeroRuns.Costs.PAIRS)).isEqualTo(2);

        assertThat(runs.mask(0, 0)).isEqualTo(1L | 1L << 63);
        assertThat(runs.mask(0, 1)).isZero();
        assertThat(runs.mask(1, 1)).isEqualTo(1L);
        assertThat(runs.mask(2, 2)).isEqualTo(1L << 21);
        assertThat(runs.mask(3, 0)).isZero(); // the negative zero
        assertThat(runs.mask(3, 1)).isEqualTo(1L << 6);
        assertThat(runs.mask(4, 0)).isEqualTo(1L << 5);
    }

    /**
     * Four rows of 64 steps: rows 0 and 1 keep steps 0-31, rows 2 and 3 steps 32-47. The pairs keep 32 + 16 steps
     * of 128, the four 48 of 64: per row, half as many kept steps in pairs as in the four.
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
        assertThat(runs.mask(0, 0)).as("the first pair's").isEqualTo(0xFFFF_FFFFL);
        assertThat(runs.mask(1, 0)).as("the second pair's").isEqualTo(0xFFFFL << 32);
        assertThat(runs.mark(a, 0, k, 4, k, new ZeroRuns.Costs(2.7, 1.4))).isZero();       // 259.2, 268.8
    }

    /** Rows left out of the groups run dense: 6 rows in fours are one four and two dense rows. */
    @Test
    void shouldCountTheRowsLeftOutOfTheGroupsAsDense() {
        int k = 64;
        float[] a = new float[6 * k];
        a[0] = 1f; // the first four keeps one step, the second pair of it none; rows 4 and 5 keep none
        // fours: 1.0·4·1 + 2·64 = 132 < 384; pairs (row 0's pair keeps 1): 3.0·2·1 = 6
        assertThat(runs.mark(a, 0, k, 6, k, new ZeroRuns.Costs(3.0, 1.0))).isEqualTo(2);
        // pairs at 200: 400 > 384, fours at 1: 132
        assertThat(runs.mark(a, 0, k, 6, k, new ZeroRuns.Costs(200, 1.0))).isEqualTo(4);
        // fours at 64.5: 4·64.5 + 128 = 386 > 384
        assertThat(runs.mark(a, 0, k, 6, k, new ZeroRuns.Costs(200, 64.5))).isZero();
    }

    @Test
    void shouldDeclineWithoutAWholePair() {
        assertThat(runs.mark(new float[10], 0, 10, 1, 10, ZeroRuns.Costs.PAIRS)).isZero();
        assertThat(runs.mark(new float[0], 0, 0, 4, 0, ZeroRuns.Costs.PAIRS)).isZero();
    }
}
