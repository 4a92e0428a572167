package io.backprop.dataset;

/**
 * Numbers that are all pixels — the floats b / 255 for bytes b, as an IDX upload or a CSV of scaled pixels
 * holds them, or the whole numbers b themselves, as a CSV of raw pixels does — stored as the bytes b: a quarter
 * of float32's bytes, and exactly the same floats when read back. Anything else (another value, a negative
 * zero, NaN) stays float32.
 */
enum PixelBytes {

    /** b / 255: pixels scaled to [0, 1]. */
    SCALED("u8/255", 255f),
    /** b: raw pixels, 0 to 255. */
    RAW("u8", 1f);

    /** The stored name of float32 chunks, beside each constant's {@link #encoding}. */
    static final String FLOAT32 = "f32";

    /** The name stored with a chunk in this encoding. */
    final String encoding;
    private final float scale;
    private final float[] values = new float[256];

    PixelBytes(String encoding, float scale) {
        this.encoding = encoding;
        this.scale = scale;
        for (int b = 0; b < 256; b++) {
            values[b] = b / scale;
        }
    }

    /** The encoding stored as {@code name}, or null for float32. */
    static PixelBytes named(String name) {
        for (PixelBytes bytes : values()) {
            if (bytes.encoding.equals(name)) {
                return bytes;
            }
        }
        if (name.equals(FLOAT32)) {
            return null;
        }
        throw new IllegalStateException("a dataset chunk stored as " + name + ", which this version cannot read");
    }

    /** values[0 .. length) as these bytes, or null if some value is not one of this encoding's 256 floats, bit for bit. */
    byte[] encodeOrNull(float[] numbers, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            float value = numbers[i];
            int b = Math.round(value * scale); // within [0, 255] for a pixel; NaN gives 0, which the check refuses
            if (b < 0 || b > 255 || Float.floatToRawIntBits(values[b]) != Float.floatToRawIntBits(value)) {
                return null;
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    /** Decodes bytes[0 .. length) into target[at ..]. */
    void decodeInto(byte[] bytes, int length, float[] target, int at) {
        for (int i = 0; i < length; i++) {
            target[at + i] = values[bytes[i] & 0xff];
        }
    }
}
