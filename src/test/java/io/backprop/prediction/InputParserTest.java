package io.backprop.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.backprop.support.NumberTexts;
import io.backprop.web.ApiException;

class InputParserTest {

    /** Every kind of number a client writes, parsed bit for bit as Float.parseFloat does. */
    @ParameterizedTest
    @MethodSource("io.backprop.support.NumberTexts#seeds")
    void shouldParseExactlyAsFloatParseFloat(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder input = new StringBuilder();
        String[] texts = new String[500];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = NumberTexts.random(random);
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
}
