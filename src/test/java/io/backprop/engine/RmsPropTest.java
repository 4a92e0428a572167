package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RmsPropTest {

    @Test
    void shouldDivideByTheRootOfTheRunningMeanSquare() {
        // Given θ = 1, ρ 0.99, ε 1e-8, lr 0.01, and the gradient 0.5 twice
        var rmsprop = new RmsProp(1, 0.99f, 1e-8f);
        float[] params = {1f};

        // When the first step runs: s = 0.01·0.25 = 0.0025, θ = 1 − 0.01·0.5/√0.0025 = 1 − 0.1 = 0.9
        rmsprop.step(params, new float[] {0.5f}, 0.01f);
        assertThat(params[0]).isCloseTo(0.9f, within(1e-6f));
        assertThat(rmsprop.state().values()).containsExactly(new float[] {0.0025f}, within(1e-9f));

        // Then the second: s = 0.99·0.0025 + 0.0025 = 0.004975, θ = 0.9 − 0.005/0.0705337 = 0.8291119
        rmsprop.step(params, new float[] {0.5f}, 0.01f);
        assertThat(params[0]).isCloseTo(0.8291119f, within(1e-6f));
        assertThat(rmsprop.state().step()).isZero();
    }

    @Test
    void shouldRefuseHyperparametersOutOfRangeNamingThem() {
        assertThatThrownBy(() -> new RmsProp(1, 1f, 1e-8f)).hasMessageContaining("rho");
        assertThatThrownBy(() -> new RmsProp(1, -0.5f, 1e-8f)).hasMessageContaining("rho");
        assertThatThrownBy(() -> new RmsProp(1, 0.99f, -1e-8f)).hasMessageContaining("epsilon");
    }
}
