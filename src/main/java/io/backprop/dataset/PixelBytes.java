package io.backprop.dataset;

/**
 * Numbers that are all pixels scaled to [0, 1] — the float32 b / 255 for a byte b, as an IDX upload or a CSV
 * of scaled pixels holds them — stored as the bytes b: a quarter of float32's bytes, and exactly the same
 * floats when read back. Anything else (another value, a negative zero, NaN) stays float32.
 */
final class PixelBytes {

    /** The stored name of this encoding, beside {@link #FLOAT32}. */
    static final String ENCODING = "u8/255";
    static final String FLOAT32 = "f32";

    private static final float[] VALUES = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            VALUES[b] = b / 255f;
        }
    }

    private PixelBytes() {
    }

    /** values[0 .. length) as pixel bytes, or null if some value is not b / 255 bit for bit. */
    static byte[] encodeOrNull(float[] values, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            float value = values[i];
            int b = Math.round(value * 255f); // within [0, 255] for a pixel; NaN gives 0, which the check refuses
            if (b < 0 || b > 255 || Float.floatToRawIntBits(VALUES[b]) != Float.floatToRawIntBits(value)) {
                return null;
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    /** Decodes bytes[0 .. length) into target[at ..]. */
    static void decodeInto(byte[] bytes, int length, float[] target, int at) {
        for (int i = 0; i < length; i++) {
            target[at + i] = VALUES[bytes[i] & 0xff];
        }
    }
}
