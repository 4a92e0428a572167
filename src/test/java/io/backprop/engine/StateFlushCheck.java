package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * For the optimizers' state flush: two optimizers made alike run 1,200 steps of seeded gradients, one
 * updating all 203 parameters in one call (whole vectors, then a scalar tail), the other one parameter per
 * call (the scalar loop only). A third of the weights get zero gradients after step 300, so their state,
 * decaying by 0.9 per step (0.9^900 ≈ 1e-41), would be subnormal at the end; the others get gradients of
 * every size down to 1e-29. Both must give the same bits, and no state value may be left subnormal.
 */
final class StateFlushCheck {

    private StateFlushCheck() {
    }

    static void assertSameBitsAndNoSubnormalState(Supplier<Optimizer> create, long seed) {
        int n = 203; // not a multiple of any vector length
        var random = new SplittableRandom(seed);
        Optimizer whole = create.get();
        Optimizer single = create.get();
        float[] paramsWhole = new float[n];
        for (int i = 0; i < n; i++) {
            paramsWhole[i] = (float) random.nextGaussian();
        }
        float[] paramsSingle = paramsWhole.clone();
        float[] grads = new float[n];
        for (int step = 0; step < 1200; step++) {
            for (int i = 0; i < n; i++) {
                grads[i] = i % 3 == 0 ? (step < 300 ? (float) random.nextGaussian() : 0f)
                        : (float) (random.nextGaussian() * Math.pow(10, -random.nextInt(30)));
            }
            whole.beginStep();
            whole.update(paramsWhole, grads, 0.001f, 0, n);
            single.beginStep();
            for (int i = 0; i < n; i++) {
                single.update(paramsSingle, grads, 0.001f, i, i + 1);
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(paramsWhole[i])).as("parameter %d", i)
                    .isEqualTo(Float.floatToRawIntBits(paramsSingle[i]));
        }
        float[] state = whole.state().values();
        assertThat(state).isEqualTo(single.state().values());
        for (int i = 0; i < state.length; i++) {
            assertThat(state[i] == 0 || Math.abs(state[i]) >= Float.MIN_NORMAL).as("state %d: %s", i, state[i]).isTrue();
        }
        assertThat(state[0]).as("the state of a weight with zero gradients for the last 900 steps").isZero();
    }
}
