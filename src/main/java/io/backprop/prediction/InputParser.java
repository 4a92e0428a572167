package io.backprop.prediction;

import io.backprop.web.ApiException;
import io.backprop.web.DecimalText;

/**
 * Parses the {@code input} of GET /predict ("0.5,1,-2"), the hot path of every single prediction:
 * one scan of the string, and no substring for the common short decimals ({@link DecimalText#simple});
 * anything else goes to {@code Float.parseFloat}.
 */
final class InputParser {

    private InputParser() {
    }

    /** Exactly {@code size} finite numbers, or a 400 naming the value that is wrong. */
    static float[] parse(String input, int size) {
        float[] values = new float[size];
        int count = 0;
        int start = 0;
        int length = input.length();
        while (start <= length) {
            int end = input.indexOf(',', start);
            if (end < 0) {
                end = length;
            }
            if (count == size) {
                throw ApiException.invalid("input", "expected " + size
                        + " comma-separated numbers (the model's inputSize), got more");
            }
            float value = parseNumber(input, start, end, count + 1);
            if (!Float.isFinite(value)) {
                throw ApiException.invalid("input", "value " + (count + 1) + " '" + input.substring(start, end).trim()
                        + "' is not a finite number");
            }
            values[count++] = value;
            start = end + 1;
        }
        if (count != size) {
            throw ApiException.invalid("input", "expected " + size + " comma-separated numbers (the model's inputSize), got "
                    + count);
        }
        return values;
    }

    private static float parseNumber(String s, int from, int to, int position) {
        float fast = DecimalText.simple(s, from, to);
        if (!Float.isNaN(fast)) {
            return fast;
        }
        String part = s.substring(from, to).trim();
        try {
            return Float.parseFloat(part);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("input", "value " + position + " '" + part + "' is not a number");
        }
    }
}
