package io.backprop.engine;

import java.util.Objects;

/** Bounds of row-major blocks inside bigger arrays, checked up front so that kernels never throw midway. */
final class Strides {

    private Strides() {
    }

    /** C (cRows × cCols), A (aRows × aCols) and B (bRows × bCols), each at its offset with its row stride, lie inside their arrays. */
    static void check(float[] c, int cOffset, int ldc, int cRows, int cCols,
                      float[] a, int aOffset, int lda, int aRows, int aCols,
                      float[] b, int bOffset, int ldb, int bRows, int bCols) {
        block("C", c, cOffset, ldc, cRows, cCols);
        block("A", a, aOffset, lda, aRows, aCols);
        block("B", b, bOffset, ldb, bRows, bCols);
    }

    /** C (cRows × cCols) and A (aRows × aCols), each at its offset with its row stride, lie inside their arrays. */
    static void check(float[] c, int cOffset, int ldc, int cRows, int cCols,
                      float[] a, int aOffset, int lda, int aRows, int aCols) {
        block("C", c, cOffset, ldc, cRows, cCols);
        block("A", a, aOffset, lda, aRows, aCols);
    }

    /** A (aRows × aCols) at its offset with its row stride lies inside its array. */
    static void check(float[] a, int aOffset, int lda, int aRows, int aCols) {
        block("A", a, aOffset, lda, aRows, aCols);
    }

    private static void block(String name, float[] array, int offset, int stride, int rows, int cols) {
        if (rows < 0 || cols < 0 || (rows > 1 && stride < cols)) {
            throw new IllegalArgumentException(name + " of " + rows + " × " + cols + " with row stride " + stride);
        }
        if (rows > 0 && cols > 0) {
            Objects.checkFromIndexSize(offset, Math.addExact(Math.multiplyExact(rows - 1, stride), cols), array.length);
        }
    }
}
