package io.backprop.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.backprop.web.ApiException;

class InputParserTest {

    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    /** Every kind of number a client writes, parsed bit for bit as Float.parseFloat does. */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldParseExactlyAsFloatParseFloat(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder input = new StringBuilder();
        String[] texts = new String[500];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = randomNumber(random);
            input.append(i == 0 ? "" : ",").append(texts[i]);
        }
        float[] parsed = InputParser.parse(input.toString(), texts.length);
        for (int i = 0; i < texts.length; i++) {
            assertThat(Float.floatToRawIntBits(parsed[i])).as("'%s'", texts[i])
                    .isEqualTo(Float.floatToRawIntBits(Float.parseFloat(texts[i].trim())));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,x", "1,", ",1", "1,NaN", "1,Infinity", "1,1e39", "1,2,3", "1", "", "1,."})
    void shouldRefuseAnythingButTwoFiniteNumbers(String input) {
        assertThatThrownBy(() -> InputParser.parse(input, 2)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).errors().getFirst().field()).isEqualTo("input"));
    }

    private static String randomNumber(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> Integer.toString(random.nextInt(256));
            case 1 -> Float.toString((float) random.nextDouble());
            case 2 -> String.format(Locale.ROOT, "%.7f", random.nextDouble(-1000, 1000));
            case 3 -> String.format(Locale.ROOT, "%.3f", random.nextDouble(-1, 1));
            case 4 -> Double.toString(random.nextGaussian() * 1e-6);
            case 5 -> " " + random.nextInt(-50, 50) + ".5 ";
            case 6 -> "0.0000" + random.nextInt(1, 999999);
            default -> (random.nextBoolean() ? "-" : "+") + "." + random.nextInt(10_000_000);
        };
    }
}
