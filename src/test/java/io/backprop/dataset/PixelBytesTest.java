package io.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PixelBytesTest {

    @Test
    void shouldStoreEveryPixelAsItsByteAndReadBackTheSameFloat() {
        float[] pixels = new float[256];
        for (int b = 0; b < 256; b++) {
            pixels[b] = b / 255f;
        }
        byte[] bytes = PixelBytes.encodeOrNull(pixels, 256);
        assertThat(bytes).hasSize(256);
        float[] back = new float[258];
        PixelBytes.decodeInto(bytes, 256, back, 2);
        for (int b = 0; b < 256; b++) {
            assertThat(bytes[b] & 0xff).isEqualTo(b);
            assertThat(Float.floatToRawIntBits(back[2 + b])).as("pixel %d", b).isEqualTo(Float.floatToRawIntBits(pixels[b]));
        }
    }

    /** Values near a pixel, but not one bit for bit, and what rounding maps to a pixel, stay float32. */
    @Test
    void shouldRefuseAChunkWithAnyValueThatIsNotAPixel() {
        float[] almost = {0f, 1f, Math.nextUp(128 / 255f)};
        for (float other : new float[] {0.5f, -0f, Float.NaN, -1 / 255f, 256 / 255f, Float.POSITIVE_INFINITY, 2f,
                Math.nextUp(128 / 255f), Math.nextDown(1f)}) {
            float[] values = {3 / 255f, other, 1f};
            assertThat(PixelBytes.encodeOrNull(values, 3)).as("%s", other).isNull();
        }
        assertThat(PixelBytes.encodeOrNull(almost, 2)).containsExactly(0, (byte) 255); // only the first two are read
        assertThat(PixelBytes.encodeOrNull(almost, 3)).isNull();
    }
}
