package io.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PixelBytesTest {

    @ParameterizedTest
    @EnumSource(PixelBytes.class)
    void shouldStoreEveryPixelAsItsByteAndReadBackTheSameFloat(PixelBytes encoding) {
        float scale = encoding == PixelBytes.SCALED ? 255f : 1f;
        float[] pixels = new float[256];
        for (int b = 0; b < 256; b++) {
            pixels[b] = b / scale;
        }
        byte[] bytes = encoding.encodeOrNull(pixels, 256);
        assertThat(bytes).hasSize(256);
        float[] back = new float[258];
        encoding.decodeInto(bytes, 256, back, 2);
        for (int b = 0; b < 256; b++) {
            assertThat(bytes[b] & 0xff).isEqualTo(b);
            assertThat(Float.floatToRawIntBits(back[2 + b])).as("pixel %d", b).isEqualTo(Float.floatToRawIntBits(pixels[b]));
        }
        assertThat(PixelBytes.named(encoding.encoding)).isSameAs(encoding);
    }

    /** Values near a pixel, but not one bit for bit, and what rounding maps to a pixel, stay float32. */
    @Test
    void shouldRefuseAChunkWithAnyValueThatIsNotAPixel() {
        for (float other : new float[] {0.5f, -0f, Float.NaN, -1 / 255f, 256 / 255f, Float.POSITIVE_INFINITY, 2f,
                Math.nextUp(128 / 255f), Math.nextDown(1f)}) {
            assertThat(PixelBytes.SCALED.encodeOrNull(new float[] {3 / 255f, other, 1f}, 3)).as("%s", other).isNull();
        }
        for (float other : new float[] {0.5f, -0f, Float.NaN, -1f, 256f, Float.POSITIVE_INFINITY, Math.nextUp(7f), 3 / 255f}) {
            assertThat(PixelBytes.RAW.encodeOrNull(new float[] {3f, other, 255f}, 3)).as("%s", other).isNull();
        }
        float[] almost = {0f, 1f, Math.nextUp(128 / 255f)};
        assertThat(PixelBytes.SCALED.encodeOrNull(almost, 2)).containsExactly(0, (byte) 255); // only the first two are read
        assertThat(PixelBytes.SCALED.encodeOrNull(almost, 3)).isNull();
    }

    @Test
    void shouldNameFloat32AsNoByteEncodingAndRefuseAnUnknownOne() {
        assertThat(PixelBytes.named(PixelBytes.FLOAT32)).isNull();
        assertThatThrownBy(() -> PixelBytes.named("f16")).isInstanceOf(IllegalStateException.class).hasMessageContaining("f16");
    }
}
