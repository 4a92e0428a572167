package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kernel and product form against a naive triple loop in double, on sizes that leave every loop a ragged tail. */
class MatrixKernelTest {

    private static final int[] SIZES = {1, 3, 17, 127};
    /** Operands sit inside larger arrays, so offsets are exercised and writes outside C are caught. */
    private static final int PAD = 5;

    static Stream<Arguments> shapes() {
        var shapes = new ArrayList<Arguments>();
        for (var kernel : new MatrixKernel[] {new ReferenceMatrixKernel(), new FastMatrixKernel()}) {
            for (int m : SIZES) {
                for (int k : SIZES) {
                    for (int n : SIZES) {
                        shapes.add(Arguments.of(Named.of(kernel.name(), kernel), m, k, n));
                    }
                }
            }
        }
        return shapes.stream();
    }

    enum Form { PLAIN, TRANSPOSED_A, TRANSPOSED_B }

    @ParameterizedTest(name = "{0} m={1} k={2} n={3}")
    @MethodSource("shapes")
    void shouldMatchNaiveProductInEveryForm(MatrixKernel kernel, int m, int k, int n) {
        var random = new SplittableRandom(31L * m + 7L * k + n);
        float[] a = randomPadded(random, m * k);
        float[] b = randomPadded(random, k * n);
        for (var form : Form.values()) {
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] c = randomPadded(random, m * n);
                float[] before = c.clone();
                switch (form) {
                    case PLAIN -> kernel.multiply(c, PAD, a, PAD, b, PAD, m, k, n, accumulate);
                    case TRANSPOSED_A -> kernel.multiplyTransposedA(c, PAD, a, PAD, b, PAD, m, k, n, accumulate);
                    case TRANSPOSED_B -> kernel.multiplyTransposedB(c, PAD, a, PAD, b, PAD, m, k, n, accumulate);
                }
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = accumulate ? before[PAD + i * n + j] : 0;
                        double magnitude = Math.abs(sum);
                        for (int p = 0; p < k; p++) {
                            double term = (double) a[PAD + aIndex(form, i, p, m, k)] * b[PAD + bIndex(form, p, j, k, n)];
                            sum += term;
                            magnitude += Math.abs(term);
                        }
                        // float rounding grows with the number of terms and their size
                        assertThat((double) c[PAD + i * n + j]).as("%s accumulate=%s C[%d,%d]", form, accumulate, i, j)
                                .isCloseTo(sum, within(1e-6 * (k + 1) * magnitude + 1e-30));
                    }
                }
                for (int i = 0; i < PAD; i++) {
                    assertThat(c[i]).isEqualTo(before[i]);
                    assertThat(c[c.length - 1 - i]).isEqualTo(before[c.length - 1 - i]);
                }
            }
        }
    }

    @Test
    void shouldChooseTheFastKernelByDefaultWhenTheVectorModuleIsPresent() {
        assertThat(Matrices.select(null, true).name()).isEqualTo("fast");
        assertThat(Matrices.select("fast", true).name()).isEqualTo("fast");
        assertThat(Matrices.select(" Fast ", true).name()).isEqualTo("fast");
        assertThat(Matrices.select("reference", true).name()).isEqualTo("reference");
        // the build starts test JVMs with --add-modules jdk.incubator.vector
        assertThat(Matrices.kernelName()).isEqualTo("fast");
    }

    @Test
    void shouldFallBackToTheReferenceKernelWithoutTheVectorModule() {
        assertThat(Matrices.select(null, false).name()).isEqualTo("reference");
        assertThat(Matrices.select("fast", false).name()).isEqualTo("reference");
        assertThat(Matrices.select("reference", false).name()).isEqualTo("reference");
    }

    @Test
    void shouldRefuseAnUnknownKernelName() {
        assertThatThrownBy(() -> Matrices.select("turbo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backprop.kernel must be reference or fast, got 'turbo'");
    }

    /** Where A's (i, p) entry of the product lives: A is (m,k), or (k,m) when transposed. */
    private static int aIndex(Form form, int i, int p, int m, int k) {
        return form == Form.TRANSPOSED_A ? p * m + i : i * k + p;
    }

    /** Where B's (p, j) entry of the product lives: B is (k,n), or (n,k) when transposed. */
    private static int bIndex(Form form, int p, int j, int k, int n) {
        return form == Form.TRANSPOSED_B ? j * k + p : p * n + j;
    }

    private static float[] randomPadded(SplittableRandom random, int size) {
        float[] values = new float[size + 2 * PAD];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
