package io.backprop.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float32 arrays as little-endian bytes: the storage form of parameters and datasets. */
public final class Float32Bytes {

    private Float32Bytes() {
    }

    public static byte[] encode(float[] values, int offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values, offset, length);
        return buffer.array();
    }

    public static byte[] encode(float[] values) {
        return encode(values, 0, values.length);
    }

    /** Decodes all of {@code bytes} into {@code target} starting at {@code offset}. */
    public static void decodeInto(byte[] bytes, float[] target, int offset) {
        decodeInto(bytes, bytes.length, target, offset);
    }

    /** Decodes the first {@code length} of {@code bytes} into {@code target} starting at {@code offset}. */
    public static void decodeInto(byte[] bytes, int length, float[] target, int offset) {
        if (length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a float32 blob has a length divisible by 4, not " + length);
        }
        ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(target, offset, length / Float.BYTES);
    }

    public static float[] decode(byte[] bytes) {
        float[] values = new float[bytes.length / Float.BYTES];
        decodeInto(bytes, values, 0);
        return values;
    }
}
