package io.backprop.engine;

/**
 * The three matrix products of a dense layer, over row-major float32 blocks addressed by array and offset.
 *
 * <p>In all three, C is (m, n) and k is the summed dimension; {@code accumulate} adds to C instead of
 * overwriting it. Implementations must give the same results as {@link ReferenceMatrixKernel} up to
 * float rounding, must not allocate per call, and must allow calls from several threads at once (trainers
 * and predictions share one kernel).
 */
interface MatrixKernel {

    /** A name for logs and diagnostics, as accepted by the {@code backprop.kernel} property. */
    String name();

    /**
     * Times whatever the kernel chooses between by this host's speed, once its code is compiled (the warm-up
     * calls it), and says what it found, for a log line. Products give the same sums whatever it finds.
     */
    default String tuneToThisHost() {
        return "nothing to tune";
    }

    /** C(m,n) = A(m,k) · B(k,n). The forward pass: Z = X · W. */
    void multiply(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                  int m, int k, int n, boolean accumulate);

    /** C(m,n) = Aᵀ · B with A stored as (k,m) and B as (k,n). The weight gradient: dW = Xᵀ · dZ. */
    void multiplyTransposedA(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                             int m, int k, int n, boolean accumulate);

    /** C(m,n) = A · Bᵀ with A stored as (m,k) and B as (n,k). The input gradient: dX = dZ · Wᵀ. */
    void multiplyTransposedB(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                             int m, int k, int n, boolean accumulate);

    // Blocks of bigger matrices: each operand has its own row stride (ld ≥ its columns), e.g. some columns
    // of a layer's W. On the calling thread only: these are the pieces of a step its caller has split itself.

    /** C(m,n) = A(m,k) · B(k,n), row strides ldc, lda, ldb. */
    void multiplyStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                         float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate);

    /**
     * {@link #multiplyStrided} for an A whose rows are mostly zeros in places (a batch of images times the first
     * layer's W): a kernel may skip the exact zeros, and give the same sums but for the sign of a zero and a
     * zero of A times an infinite or NaN entry of B.
     */
    default void multiplyStridedSkippingZeros(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                              float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        multiplyStrided(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    /**
     * Whether {@link #multiplyStridedSkippingZeros} of {@code rows} rows skips by runs, and so reads what
     * {@link #markZeroRuns} marks.
     */
    default boolean marksZeroRuns(int rows) {
        return false;
    }

    /**
     * Marks, into {@code runs}, the steps of A(m, k) that {@link #multiplyStridedSkippingZeros} can skip, once for
     * every product on this very block until its contents change: the first layer's X·W runs in chunks of columns
     * over one batch's inputs. Marks nothing where the kernel never skips by runs.
     */
    default void markZeroRuns(ZeroRuns runs, float[] a, int aOffset, int lda, int m, int k) {
    }

    /**
     * {@link #multiplyStridedSkippingZeros} on a block of A that {@code marked} holds the marks of, by
     * {@link #markZeroRuns} with the same a, aOffset, lda, m and k since its contents last changed; the kernel
     * reads them and never writes them, so several threads may share them.
     */
    default void multiplyStridedSkippingZeros(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                              float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate,
                                              ZeroRuns marked) {
        multiplyStridedSkippingZeros(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    /** C(m,n) = Aᵀ · B, A stored as (k,m) with row stride lda, B as (k,n) with ldb. */
    void multiplyTransposedAStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                    float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate);

    /**
     * {@link #multiplyTransposedAStrided} for an A that is mostly zeros in places (a batch of images, the
     * weight gradient Xᵀ·dZ of the first layer): a kernel may skip the exact zeros, and give the same sums
     * but for the sign of a zero and a zero of A times an infinite or NaN entry of B.
     */
    default void multiplyTransposedAStridedSkippingZeros(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                                         float[] b, int bOffset, int ldb, int m, int k, int n,
                                                         boolean accumulate) {
        multiplyTransposedAStrided(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    /**
     * Whether {@link #multiplyTransposedAStrided} of this shape runs as {@link #multiplyStrided} on a transposed
     * copy of A, the copy made per call. A caller with several products of the same A (a weight gradient whose
     * dZ is held in blocks) can then make the copy once with {@link #transposeStrided} and multiply it by each
     * block with {@link #multiplyStrided}, for the same sums bit for bit.
     */
    default boolean transposesA(int m, int k, int n) {
        return false;
    }

    /**
     * Whether {@link #multiplyTransposedAStridedSkippingZeros} of this shape reads A once into compacted tiles of
     * its non-zero steps, so that a caller should hand it A as stored rather than a transposed copy for the dense
     * product (see {@link #transposesA}).
     */
    default boolean compactsZeros(int m, int k, int n) {
        return false;
    }

    /**
     * Packs the non-zero steps of A (stored (k, m) at aOffset, row stride lda) into {@code into}, for {@link
     * #multiplyTransposedAStridedCompacted} of several B with the same A, where {@link #compactsZeros}.
     */
    default void compactZeros(CompactedSteps into, float[] a, int aOffset, int lda, int m, int k) {
        throw new UnsupportedOperationException("this kernel does not compact A");
    }

    /**
     * {@link #multiplyTransposedAStridedSkippingZeros} on the steps of this A that {@link #compactZeros} packed:
     * the same sums.
     */
    default void multiplyTransposedAStridedCompacted(float[] c, int cOffset, int ldc, CompactedSteps steps,
                                                     float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                                     int m, int k, int n, boolean accumulate) {
        multiplyTransposedAStridedSkippingZeros(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    /**
     * The columns of C that this kernel's widest tiles cover at once: a caller that cuts a product into blocks of
     * columns keeps each block a multiple of this, else its last columns run as a slower tail.
     */
    default int columnTile() {
        return 1;
    }

    /** aT(m,k), row stride k = the transpose of A stored as (k,m) with row stride lda; on the calling thread. */
    default void transposeStrided(float[] aT, float[] a, int aOffset, int lda, int m, int k) {
        Strides.check(aT, 0, k, m, k, a, aOffset, lda, k, m);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                aT[i * k + p] = a[aOffset + p * lda + i];
            }
        }
    }

    /** C(m,n) = A · Bᵀ, A stored as (m,k) with row stride lda, B as (n,k) with ldb. */
    void multiplyTransposedBStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                    float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate);
}
