package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdamTest {

    @Test
    void shouldStepByTheLearningRateAtFirstBecauseOfTheBiasCorrection() {
        // Given θ = (1, 3), β₁ 0.9, β₂ 0.999, ε 1e-8, lr 0.1, and g = (0.5, 0)
        var adam = new Adam(2, 0.9f, 0.999f, 1e-8f);
        float[] params = {1f, 3f};

        // When one step runs (t = 1)
        adam.step(params, new float[] {0.5f, 0f}, 0.1f);

        // Then m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25;
        // θ = 1 − 0.1·0.5/(0.5 + 1e-8) ≈ 0.9; a zero gradient moves nothing (0/(0 + ε))
        assertThat(params).containsExactly(new float[] {0.9f, 3f}, within(1e-6f));
        var state = adam.state();
        assertThat(state.step()).isEqualTo(1);
        assertThat(state.values()).containsExactly(new float[] {0.05f, 0f, 0.00025f, 0f}, within(1e-9f));
    }

    @Test
    void shouldCorrectTheBiasWithTheStepCountAtTheSecondStep() {
        // Given the state after the first step above
        var adam = new Adam(1, 0.9f, 0.999f, 1e-8f);
        float[] params = {1f};
        adam.step(params, new float[] {0.5f}, 0.1f);

        // When the gradient turns to −1 (t = 2)
        adam.step(params, new float[] {-1f}, 0.1f);

        // Then m = 0.9·0.05 − 0.1 = −0.055, v = 0.999·0.00025 + 0.001 = 0.00124975;
        // m̂ = −0.055/(1 − 0.81) = −0.2894737, v̂ = 0.00124975/(1 − 0.998001) = 0.6251876, √v̂ = 0.7906881;
        // θ = 0.9 + 0.1·0.2894737/0.7906881 = 0.9366104
        assertThat(params[0]).isCloseTo(0.9366104f, within(1e-6f));
        assertThat(adam.state().step()).isEqualTo(2);
    }

    @Test
    void shouldAddEpsilonAfterTheSquareRoot() {
        // Given a large ε = 0.1, θ = 1, g = 0.5, lr 0.1
        var adam = new Adam(1, 0.9f, 0.999f, 0.1f);
        float[] params = {1f};

        // When one step runs
        adam.step(params, new float[] {0.5f}, 0.1f);

        // Then θ = 1 − 0.1·0.5/(√0.25 + 0.1) = 1 − 0.05/0.6, not 1 − 0.05/√(0.25 + 0.1)
        assertThat(params[0]).isCloseTo(1f - 0.05f / 0.6f, within(1e-6f));
    }

    @Test
    void shouldContinueFromARestoredStateAsIfNeverInterrupted() {
        // Given one Adam that takes three steps, and another that takes over after the second
        float[][] grads = {{0.5f, -0.2f}, {-1f, 0.3f}, {0.25f, 0.1f}};
        var uninterrupted = new Adam(2, 0.9f, 0.999f, 1e-8f);
        float[] expected = {1f, -1f};
        for (float[] g : grads) {
            uninterrupted.step(expected, g, 0.01f);
        }
        var first = new Adam(2, 0.9f, 0.999f, 1e-8f);
        float[] params = {1f, -1f};
        first.step(params, grads[0], 0.01f);
        first.step(params, grads[1], 0.01f);

        // When the state moves to a fresh instance for the third step
        var second = new Adam(2, 0.9f, 0.999f, 1e-8f);
        second.restore(first.state());
        second.step(params, grads[2], 0.01f);

        // Then the moments and t carried over exactly
        assertThat(params).isEqualTo(expected);
        assertThat(second.state()).isEqualTo(uninterrupted.state());
    }

    @Test
    void shouldRefuseHyperparametersOutOfRangeNamingThem() {
        assertThatThrownBy(() -> new Adam(1, 1f, 0.999f, 1e-8f)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new Adam(1, -0.1f, 0.999f, 1e-8f)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new Adam(1, 0.9f, 1f, 1e-8f)).hasMessageContaining("beta2");
        assertThatThrownBy(() -> new Adam(1, 0.9f, 0.999f, 0f)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new Adam(1, 0.9f, 0.999f, Float.POSITIVE_INFINITY)).hasMessageContaining("epsilon");
    }

    @Test
    void shouldRefuseAnUpdateWithoutBeginStepAfterConstructionOrRestore() {
        var adam = new Adam(1, 0.9f, 0.999f, 1e-8f);
        float[] params = {1f};
        assertThatThrownBy(() -> adam.update(params, new float[] {0.5f}, 0.1f, 0, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("beginStep");

        adam.step(params, new float[] {0.5f}, 0.1f);
        var restored = new Adam(1, 0.9f, 0.999f, 1e-8f);
        restored.restore(adam.state());
        // a restored step count without its bias corrections would divide by zero and write NaN
        assertThatThrownBy(() -> restored.update(params, new float[] {0.5f}, 0.1f, 0, 1))
                .isInstanceOf(IllegalStateException.class);
        assertThat(params[0]).isFinite();
    }

    /** The scalar loop and the vectorised one agree bit for bit and leave no moment subnormal (see StateFlushCheck). */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldUpdateTheSameBitsElementByElementAndInVectorsWithoutSubnormalMoments(long seed) {
        StateFlushCheck.assertSameBitsAndNoSubnormalState(() -> new Adam(203, 0.9f, 0.999f, 1e-8f), seed);
    }
}
