package io.backprop.engine;

import java.util.Locale;

/**
 * The one entry point for matrix products in the engine. The implementation is chosen once, at class
 * initialisation, by the system property {@code backprop.kernel}: {@code fast} (the default) or
 * {@code reference}. The fast kernel needs the incubating module {@code jdk.incubator.vector}
 * ({@code --add-modules jdk.incubator.vector} on the java command line); when the JVM was started without
 * it, one log line says so and the reference kernel is used. Any other value fails, so a typo does not
 * silently change the numbers.
 *
 * <p>Shapes and the meaning of {@code accumulate} are those of {@link MatrixKernel}.
 */
public final class Matrices {

    public static final String KERNEL_PROPERTY = "backprop.kernel";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final MatrixKernel KERNEL = select(System.getProperty(KERNEL_PROPERTY));

    private Matrices() {
    }

    /** The kernel in use, e.g. for a startup log line; calling it early also surfaces a bad property value. */
    public static String kernelName() {
        return KERNEL.name();
    }

    /** See {@link MatrixKernel#tuneToThisHost}: once the kernels are compiled, e.g. at the end of the warm-up. */
    public static String tuneToThisHost() {
        return KERNEL.tuneToThisHost();
    }

    /** C(m,n) = A(m,k) · B(k,n). */
    public static void multiply(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                                int m, int k, int n, boolean accumulate) {
        KERNEL.multiply(c, cOffset, a, aOffset, b, bOffset, m, k, n, accumulate);
    }

    /** C(m,n) = Aᵀ · B, A stored as (k,m), B as (k,n). */
    public static void multiplyTransposedA(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                                           int m, int k, int n, boolean accumulate) {
        KERNEL.multiplyTransposedA(c, cOffset, a, aOffset, b, bOffset, m, k, n, accumulate);
    }

    /** C(m,n) = A · Bᵀ, A stored as (m,k), B as (n,k). */
    public static void multiplyTransposedB(float[] c, int cOffset, float[] a, int aOffset, float[] b, int bOffset,
                                           int m, int k, int n, boolean accumulate) {
        KERNEL.multiplyTransposedB(c, cOffset, a, aOffset, b, bOffset, m, k, n, accumulate);
    }

    /** C(m,n) = A(m,k) · B(k,n) over blocks with row strides, on the calling thread (see {@link MatrixKernel}). */
    public static void multiplyStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                       float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        KERNEL.multiplyStrided(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    /** C(m,n) = Aᵀ · B over blocks with row strides, A stored (k,m), on the calling thread. */
    public static void multiplyTransposedAStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                                  float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        KERNEL.multiplyTransposedAStrided(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    /** See {@link MatrixKernel#multiplyStridedSkippingZeros}. */
    public static void multiplyStridedSkippingZeros(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                                    float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        KERNEL.multiplyStridedSkippingZeros(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    /** See {@link MatrixKernel#marksZeroRuns}. */
    static boolean marksZeroRuns(int rows) {
        return KERNEL.marksZeroRuns(rows);
    }

    /** See {@link MatrixKernel#markZeroRuns}. */
    static void markZeroRuns(ZeroRuns runs, float[] a, int aOffset, int lda, int m, int k) {
        KERNEL.markZeroRuns(runs, a, aOffset, lda, m, k);
    }

    /** See {@link MatrixKernel#multiplyStridedSkippingZeros(float[], int, int, float[], int, int, float[], int, int, int, int, int, boolean, ZeroRuns)}. */
    static void multiplyStridedSkippingZeros(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                             float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate,
                                             ZeroRuns marked) {
        KERNEL.multiplyStridedSkippingZeros(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate, marked);
    }

    /** See {@link MatrixKernel#multiplyTransposedAStridedSkippingZeros}. */
    public static void multiplyTransposedAStridedSkippingZeros(float[] c, int cOffset, int ldc, float[] a, int aOffset,
                                                               int lda, float[] b, int bOffset, int ldb, int m, int k,
                                                               int n, boolean accumulate) {
        KERNEL.multiplyTransposedAStridedSkippingZeros(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    /** See {@link MatrixKernel#columnTile}. */
    static int columnTile() {
        return KERNEL.columnTile();
    }

    /** See {@link MatrixKernel#transposesA}. */
    static boolean transposesA(int m, int k, int n) {
        return KERNEL.transposesA(m, k, n);
    }

    /** See {@link MatrixKernel#compactsZeros}. */
    static boolean compactsZeros(int m, int k, int n) {
        return KERNEL.compactsZeros(m, k, n);
    }

    /** See {@link MatrixKernel#compactZeros}. */
    static void compactZeros(CompactedSteps into, float[] a, int aOffset, int lda, int m, int k) {
        KERNEL.compactZeros(into, a, aOffset, lda, m, k);
    }

    /** See {@link MatrixKernel#multiplyTransposedAStridedCompacted}. */
    static void multiplyTransposedAStridedCompacted(float[] c, int cOffset, int ldc, CompactedSteps steps, float[] a,
                                                    int aOffset, int lda, float[] b, int bOffset, int ldb, int m, int k,
                                                    int n, boolean accumulate) {
        KERNEL.multiplyTransposedAStridedCompacted(c, cOffset, ldc, steps, a, aOffset, lda, b, bOffset, ldb, m, k, n,
                accumulate);
    }

    /** See {@link MatrixKernel#transposeStrided}. */
    static void transposeStrided(float[] aT, float[] a, int aOffset, int lda, int m, int k) {
        KERNEL.transposeStrided(aT, a, aOffset, lda, m, k);
    }

    /** C(m,n) = A · Bᵀ over blocks with row strides, B stored (n,k), on the calling thread. */
    public static void multiplyTransposedBStrided(float[] c, int cOffset, int ldc, float[] a, int aOffset, int lda,
                                                  float[] b, int bOffset, int ldb, int m, int k, int n, boolean accumulate) {
        KERNEL.multiplyTransposedBStrided(c, cOffset, ldc, a, aOffset, lda, b, bOffset, ldb, m, k, n, accumulate);
    }

    static MatrixKernel select(String property) {
        return select(property, ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
    }

    /** {@code vectorModule}: whether the JVM was started with {@code jdk.incubator.vector}, which the fast kernel needs. */
    static MatrixKernel select(String property, boolean vectorModule) {
        String name = property == null ? "" : property.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "reference" -> new ReferenceMatrixKernel();
            case "fast", "" -> {
                if (vectorModule) {
                    // only touched here: without the module, loading FastMatrixKernel would fail
                    yield new FastMatrixKernel();
                }
                System.getLogger(Matrices.class.getName()).log(System.Logger.Level.WARNING,
                        "the fast matrix kernel needs --add-modules " + VECTOR_MODULE + "; using the reference kernel");
                yield new ReferenceMatrixKernel();
            }
            default -> throw new IllegalArgumentException(
                    KERNEL_PROPERTY + " must be reference or fast, got '" + property + "'");
        };
    }
}
