package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The masks of steps that groups of four rows of an A·B keep, as {@link FastMatrixKernel} reads them. */
class ZeroRunsTest {

    private final ZeroRuns runs = new ZeroRuns();

    @BeforeEach
    void onlyWhereTheKernelUsesThem() {
        assumeTrue(ZeroRuns.APPLIES, "ZeroRuns needs 16-float vectors (AVX-512)");
    }

    /**
     * A block of 11 rows × 150 steps at column 3 of rows 160 apart: group 0 is rows 0 to 3, group 1 rows 4 to 7,
     * and rows 8 to 10 are left out. Steps cross the vectors' 16 and the panels' 64, and end in a scalar tail (150).
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

        assertThat(runs.mark(a, from, lda, 11, 150)).isTrue();

        assertThat(runs.mask(0, 0)).isEqualTo(1L | 1L << 63);
        assertThat(runs.mask(0, 1)).isEqualTo(1L);
        assertThat(runs.mask(0, 2)).isZero();
        assertThat(runs.mask(1, 0)).isZero();
        assertThat(runs.mask(1, 1)).isEqualTo(1L << 6);
        assertThat(runs.mask(1, 2)).isEqualTo(1L << 21);
    }

    @Test
    void shouldDeclineWhenTheGroupsKeepMoreThanFourFifthsOfTheSteps() {
        int k = 80;
        float[] a = new float[8 * k];
        for (int p = 0; p < 65; p++) { // group 0 keeps 65 of 80 (in its row 1), group 1 64 (in its row 7): 129 of 160
            a[k + p] = 1f;
        }
        for (int p = 0; p < 64; p++) {
            a[7 * k + p] = 1f;
        }
        assertThat(runs.mark(a, 0, k, 8, k)).isFalse();
        a[k + 64] = 0f; // 128 of 160: exactly 4/5
        assertThat(runs.mark(a, 0, k, 8, k)).isTrue();
    }

    @Test
    void shouldDeclineWithoutAWholeGroup() {
        assertThat(runs.mark(new float[30], 0, 10, 3, 10)).isFalse();
        assertThat(runs.mark(new float[0], 0, 0, 4, 0)).isFalse();
    }
}
