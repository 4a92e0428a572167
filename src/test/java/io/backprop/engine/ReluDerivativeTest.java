package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ReLU's and leaky ReLU's derivatives, which run over whole vectors with the fast kernel (see
 * {@link VectorisedActivations}) and element by element for the rest: the same bits as the scalar formula
 * everywhere, including NaN, signed zeros, infinities and subnormals, over ranges that start and end
 * between vectors, and in place (dZ and dA one array, as the training step calls it).
 */
class ReluDerivativeTest {

    private static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-30f, -1e-30f};

    static Stream<Arguments> ranges() {
        return Stream.of(0, 1, 3, 17).flatMap(from -> Stream.of(0, 1, 15, 16, 17, 127, 1000)
                .flatMap(length -> Stream.of(Arguments.of(from, length, 1L + from * 31L + length),
                        Arguments.of(from, length, 7L + from * 31L + length))));
    }

    @ParameterizedTest(name = "from {0}, {1} entries, seed {2}")
    @MethodSource("ranges")
    void shouldGiveTheScalarFormulasBitsOverEveryRange(int from, int length, long seed) {
        assertThat(Optimizers.VECTORISED).as("the tests run with the fast kernel, so the vector path is the one tested").isTrue();
        var random = new SplittableRandom(seed);
        int size = from + length + 5;
        float[] z = values(random, size);
        float[] dA = values(random, size);
        float alpha = 0.01f;
        for (boolean leaky : new boolean[] {false, true}) {
            Activation.ElementWise f = leaky ? new Activation.LeakyRelu(alpha) : new Activation.Relu();
            float[] dZ = new float[size];
            Arrays.fill(dZ, 42f); // outside the range, untouched
            f.derivativeRange(dZ, dA, z, null, from, from + length);
            float[] inPlace = dA.clone();
            f.derivativeRange(inPlace, inPlace, z, null, from, from + length);
            for (int i = 0; i < size; i++) {
                boolean inside = i >= from && i < from + length;
                float expected = !inside ? 42f : z[i] > 0f ? dA[i] : leaky ? alpha * dA[i] : 0f;
                assertThat(Float.floatToRawIntBits(dZ[i])).as("%s at %d (z %s, dA %s)", f, i, z[i], dA[i])
                        .isEqualTo(Float.floatToRawIntBits(expected));
                float expectedInPlace = inside ? expected : dA[i];
                assertThat(Float.floatToRawIntBits(inPlace[i])).as("%s in place at %d", f, i)
                        .isEqualTo(Float.floatToRawIntBits(expectedInPlace));
            }
        }
    }

    /** Mostly normal values of both signs, one in eight a special one. */
    private static float[] values(SplittableRandom random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextInt(8) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (float) random.nextGaussian();
        }
        return values;
    }
}
