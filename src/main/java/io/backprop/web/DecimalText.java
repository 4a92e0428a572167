package io.backprop.web;

/**
 * Decimal numbers in request text (a GET /predict input, a CSV upload's fields) parsed without
 * {@link Float#parseFloat}'s general algorithm where that is safe: a number of at most 7 significant
 * digits and a small power of ten is exact in float arithmetic, so one float division rounds it exactly
 * as {@code Float.parseFloat} does. Pixels written as "0", "1" or "0.0039" are all of this kind, and a
 * CSV of Fashion-MNIST has 47 million of them.
 */
public final class DecimalText {

    /** 10^0 … 10^10, each exactly representable as a float. */
    private static final float[] POWERS_OF_TEN = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final int MAX_EXACT_MANTISSA = 1 << 24;

    private DecimalText() {
    }

    /** {@code Float.parseFloat(text)}, bit for bit, through {@link #simple} where it applies. */
    public static float parseFloat(String text) {
        float fast = simple(text, 0, text.length());
        return Float.isNaN(fast) ? Float.parseFloat(text) : fast;
    }

    /** [-]digits[.digits] with at most 7 significant digits, exactly rounded; NaN when it does not apply. */
    public static float simple(String s, int from, int to) {
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
