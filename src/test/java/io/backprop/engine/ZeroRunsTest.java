package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The masks of steps that pairs of rows of an A·B keep, as {@link FastMatrixKernel} reads them. */
class ZeroRunsTest {

    private final ZeroRuns runs = new ZeroRuns();

    @BeforeEach
    void onlyWhereTheKernelUsesThem() {
        assumeTrue(ZeroRuns.APPLIES, "ZeroRuns needs 16-float vectors (AVX-512)");
    }

    /**
     * A block of 5 rows × 150 steps at column 3 of rows 160 apart: pair 0 is rows 0 and 1, pair 1 rows 2 and 3,
     * and row 4 is left out. Steps cross the vectors' 16 and the panels' 64, and end in a scalar tail (150).
     */
    @Test
    void shouldSetTheStepsWhereEitherRowOfAPairIsNotZero() {
        int lda = 160;
        int from = 3;
        float[] a = new float[5 * lda];
        java.util.Arrays.fill(a, 1f); // the columns around the block are not zero, and must not be read
        for (int i = 0; i < 5; i++) {
            for (int p = 0; p < 150; p++) {
                a[i * lda + from + p] = 0f;
            }
        }
        a[0 * lda + from + 0] = 2f;    // pair 0, panel 0, bit 0
        a[1 * lda + from + 63] = -1f;  // pair 0, panel 0, bit 63
        a[1 * lda + from + 64] = 3f;   // pair 0, panel 1, bit 0
        a[2 * lda + from + 149] = Float.NaN; // pair 1, panel 2, bit 21: the tail, and NaN is not zero
        a[3 * lda + from + 70] = 5f;   // pair 1, panel 1, bit 6
        a[4 * lda + from + 5] = 7f;    // the odd row: no pair

        assertThat(runs.mark(a, from, lda, 5, 150)).isTrue();

        assertThat(runs.mask(0, 0)).isEqualTo(1L | 1L << 63);
        assertThat(runs.mask(0, 1)).isEqualTo(1L);
        assertThat(runs.mask(0, 2)).isZero();
        assertThat(runs.mask(1, 0)).isZero();
        assertThat(runs.mask(1, 1)).isEqualTo(1L << 6);
        assertThat(runs.mask(1, 2)).isEqualTo(1L << 21);
    }

    @Test
    void shouldDeclineWhenThePairsKeepMoreThanThreeQuartersOfTheSteps() {
        int k = 64;
        float[] a = new float[4 * k];
        for (int p = 0; p < 49; p++) { // pair 0 keeps 49 of 64, pair 1 48: 97 of 128 steps, over 3/4
            a[p] = 1f;
        }
        for (int p = 0; p < 48; p++) {
            a[3 * k + p] = 1f;
        }
        assertThat(runs.mark(a, 0, k, 4, k)).isFalse();
        a[3 * k + 47] = 0f; // 96 of 128: exactly 3/4
        assertThat(runs.mark(a, 0, k, 4, k)).isTrue();
    }

    @Test
    void shouldDeclineWithoutAPair() {
        assertThat(runs.mark(new float[10], 0, 10, 1, 10)).isFalse();
        assertThat(runs.mark(new float[0], 0, 0, 4, 0)).isFalse();
    }
}
