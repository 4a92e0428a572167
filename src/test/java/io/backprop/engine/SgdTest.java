package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SgdTest {

    @Test
    void shouldStepAgainstTheGradient() {
        // Given θ = (1, −2), g = (0.5, −1)
        float[] params = {1f, -2f};

        // When one step at lr 0.1
        new Sgd().step(params, new float[] {0.5f, -1f}, 0.1f);

        // Then θ − lr·g = (0.95, −1.9)
        assertThat(params).containsExactly(new float[] {0.95f, -1.9f}, within(1e-7f));
    }

    @Test
    void shouldCarryVelocityIntoTheSecondStepWithMomentum() {
        // Given θ = 1, μ = 0.9, lr 0.1, and gradients 0.5 then 0.25
        var sgd = new Sgd(1, 0.9f, false);
        float[] params = {1f};

        // When the first step runs: v = 0.9·0 + 0.5 = 0.5, θ = 1 − 0.1·0.5 = 0.95
        sgd.step(params, new float[] {0.5f}, 0.1f);
        assertThat(params[0]).isCloseTo(0.95f, within(1e-7f));

        // Then the second: v = 0.9·0.5 + 0.25 = 0.7, θ = 0.95 − 0.1·0.7 = 0.88
        sgd.step(params, new float[] {0.25f}, 0.1f);
        assertThat(params[0]).isCloseTo(0.88f, within(1e-7f));
        assertThat(sgd.state().values()).containsExactly(new float[] {0.7f}, within(1e-7f));
    }

    @Test
    void shouldLookAheadWithNesterov() {
        // Given the same θ, μ, lr and gradients, with Nesterov: θ ← θ − lr·(g + μv) after v ← μv + g
        var sgd = new Sgd(1, 0.9f, true);
        float[] params = {1f};

        // When the first step runs: v = 0.5, θ = 1 − 0.1·(0.5 + 0.45) = 0.905
        sgd.step(params, new float[] {0.5f}, 0.1f);
        assertThat(params[0]).isCloseTo(0.905f, within(1e-7f));

        // Then the second: v = 0.7, θ = 0.905 − 0.1·(0.25 + 0.63) = 0.817
        sgd.step(params, new float[] {0.25f}, 0.1f);
        assertThat(params[0]).isCloseTo(0.817f, within(1e-7f));
    }

    @Test
    void shouldKeepNoStateWithoutMomentum() {
        assertThat(new Sgd().state()).isEqualTo(new OptimizerState("sgd", 0, new float[0]));
        assertThat(new Sgd(10, 0f, false).state().values()).isEmpty();
        assertThat(new Sgd(10, 0.5f, false).state().values()).hasSize(10);
    }

    @Test
    void shouldRefuseMomentumOutOfRangeAndNesterovWithoutMomentum() {
        assertThatThrownBy(() -> new Sgd(1, -0.1f, false)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new Sgd(1, 1f, false)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new Sgd(1, Float.NaN, false)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new Sgd(1, 0f, true)).hasMessageContaining("nesterov");
        assertThatThrownBy(() -> new Sgd(-1, 0.5f, false)).hasMessageContaining("parameterCount");
    }

    /** The scalar loop and the vectorised one agree bit for bit and leave no velocity subnormal (see StateFlushCheck). */
    @ParameterizedTest(name = "nesterov {0}")
    @ValueSource(booleans = {false, true})
    void shouldUpdateTheSameBitsElementByElementAndInVectorsWithoutSubnormalVelocities(boolean nesterov) {
        StateFlushCheck.assertSameBitsAndNoSubnormalState(() -> new Sgd(203, 0.9f, nesterov), nesterov ? 2 : 1);
    }
}
