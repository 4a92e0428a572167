package io.backprop.engine;

import java.util.Arrays;

/**
 * Plain loops, ordered so the innermost one walks contiguous memory; the yardstick a faster kernel is
 * tested against.
 */
final class ReferenceMatrixKernel implements MatrixKernel {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void multiply(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                         int m, int k, int n, boolean accumulate) {
        multiplyStrided(c, cOffset, n, a, aOffset, k, b, bOffset, n, m, k, n, accumulate);
    }

    @Override
    public void multiplyTransposedA(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                                    int m, int k, int n, boolean accumulate) {
        multiplyTransposedAStrided(c, cOffset, n, a, aOffset, m, b, bOffset, n, m, k, n, accumulate);
    }

    @Override
    public void multiplyTransposedB(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                                    int m, int k, int n, boolean accumulate) {
        multiplyTransposedBStrided(c, cOffset, n, a, aOffset, k, b, bOffset, k, m, k, n, accumulate);
    }

    @Override
    public void multiplyStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, m, k, b, bOffset, ldb, k, n);
        // i-k-j: the inner loop streams a row of B into a row of C
        for (int i = 0; i < m; i++) {
            int cRow = cOffset + i * ldc;
            clearUnlessAccumulating(c, cRow, n, accumulate);
            for (int p = 0; p < k; p++) {
                float aip = a[aOffset + i * lda + p];
                int bRow = bOffset + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }

    @Override
    public void multiplyTransposedAStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                           float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, k, m, b, bOffset, ldb, k, n);
        for (int i = 0; i < m; i++) {
            clearUnlessAccumulating(c, cOffset + i * ldc, n, accumulate);
        }
        // k-i-j: row p of A holds column p of Aᵀ, so A and B are both read row by row
        for (int p = 0; p < k; p++) {
            int aRow = aOffset + p * lda;
            int bRow = bOffset + p * ldb;
            for (int i = 0; i < m; i++) {
                float api = a[aRow + i];
                int cRow = cOffset + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += api * b[bRow + j];
                }
            }
        }
    }

    @Override
    public void multiplyTransposedBStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                           float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        Strides.check(c, cOffset, ldc, m, n, a, aOffset, lda, m, k, b, bOffset, ldb, n, k);
        // i-j-k: each entry is a dot product of two contiguous rows
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[aOffset + i * lda + p] * b[bOffset + j * ldb + p];
                }
                int at = cOffset + i * ldc + j;
                c[at] = accumulate ? c[at] + sum : sum;
            }
        }
    }

    private static void clearUnlessAccumulating(float[] c, int offset, int length, boolean accumulate) {
        if (!accumulate) {
            Arrays.fill(c, offset, offset + length, 0f);
        }
    }
}
