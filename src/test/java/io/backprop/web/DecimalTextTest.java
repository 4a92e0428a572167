package io.backprop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.backprop.support.NumberTexts;

class DecimalTextTest {

    /** Every kind of number a client or a CSV writes, parsed bit for bit as Float.parseFloat does. */
    @ParameterizedTest
    @MethodSource("io.backprop.support.NumberTexts#seeds")
    void shouldParseExactlyAsFloatParseFloat(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
            String text = NumberTexts.random(random);
            assertThat(Float.floatToRawIntBits(DecimalText.parseFloat(text))).as("'%s'", text)
                    .isEqualTo(Float.floatToRawIntBits(Float.parseFloat(text)));
        }
    }

    /** The fast path itself takes the short decimals (a pixel p/255 to four places), not only the fallback. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "0.0039", "-0", "255", "+.5", "1.", "-12.25", "9999999"})
    void shouldTakeShortDecimalsWithoutTheGeneralParser(String text) {
        assertThat(Float.floatToRawIntBits(DecimalText.simple(text, 0, text.length())))
                .isEqualTo(Float.floatToRawIntBits(Float.parseFloat(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "-", "x", "1x", "1..2", "--1"})
    void shouldRefuseWhatFloatParseFloatRefuses(String text) {
        assertThat(DecimalText.simple(text, 0, text.length())).isNaN();
        assertThatThrownBy(() -> DecimalText.parseFloat(text)).isInstanceOf(NumberFormatException.class);
    }
}
