package io.backprop.prediction;

import io.backprop.web.ApiException;

/**
 * Parses the {@code input} of GET /predict ("0.5,1,-2"), the hot path of every single prediction:
 * one scan of the string, and no substring for the common short decimals. A number of at most 7
 * significant digits and a small power of ten is exact in float arithmetic, so one float operation
 * rounds it exactly as {@link Float#parseFloat} does; anything else goes to {@code Float.parseFloat}.
 */
final class InputParser {

    /** 10^0 … 10^10, each exactly representable as a float. */
    private static final float[] POWERS_OF_TEN = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final int MAX_EXACT_MANTISSA = 1 << 24;

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
        float fast = simpleDecimal(s, from, to);
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

    /** [-]digits[.digits] with at most 7 significant digits, exactly rounded; NaN when it does not apply. */
    static float simpleDecimal(String s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean point = false;
        boolean any = false;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                any = true;
                if (mantissa == 0 && c == '0') {
                    // leading zeros are not significant
                } else {
                    digits++;
                    if (digits > 7) {
                        return Float.NaN;
                    }
                    mantissa = mantissa * 10 + (c - '0');
                }
                if (point) {
                    fractionDigits++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return Float.NaN;
            }
        }
        if (!any || fractionDigits >= POWERS_OF_TEN.length || mantissa >= MAX_EXACT_MANTISSA) {
            return Float.NaN;
        }
        float value = mantissa / POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
    }
}
