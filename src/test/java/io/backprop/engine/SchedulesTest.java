package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void shouldKeepAConstantRate() {
        var schedule = Schedules.constant(0.1f);
        assertThat(new float[] {schedule.rate(0), schedule.rate(1), schedule.rate(1000)})
                .containsExactly(0.1f, 0.1f, 0.1f);
    }

    @Test
    void shouldStepDownEveryGivenNumberOfEpochs() {
        // lr·factor^⌊e/every⌋ with lr 0.1, factor 0.5, every 10
        var schedule = Schedules.step(0.1f, 0.5f, 10);
        assertThat(schedule.rate(0)).isEqualTo(0.1f);
        assertThat(schedule.rate(9)).isEqualTo(0.1f);
        assertThat(schedule.rate(10)).isEqualTo(0.05f);
        assertThat(schedule.rate(25)).isEqualTo(0.025f);
    }

    @Test
    void shouldDecayExponentially() {
        // lr·gammaᵉ with lr 1, gamma 0.9: 1, 0.9, 0.81, 0.729
        var schedule = Schedules.exponential(1f, 0.9f);
        assertThat(schedule.rate(0)).isEqualTo(1f);
        assertThat(schedule.rate(1)).isEqualTo(0.9f);
        assertThat(schedule.rate(2)).isCloseTo(0.81f, within(1e-7f));
        assertThat(schedule.rate(3)).isCloseTo(0.729f, within(1e-7f));
    }

    @Test
    void shouldFollowHalfACosineFromTheRateToTheMinimum() {
        // min + (lr − min)(1 + cos(π e/epochs))/2 with lr 0.1, min 0.01, epochs 4:
        // e 0 → 0.1, e 1 → 0.01 + 0.09·(1 + √½)/2 = 0.0868198, e 2 → 0.055, e 4 → 0.01
        var schedule = Schedules.cosine(0.1f, 0.01f, 4);
        assertThat(schedule.rate(0)).isEqualTo(0.1f);
        assertThat(schedule.rate(1)).isCloseTo(0.0868198f, within(1e-7f));
        assertThat(schedule.rate(2)).isCloseTo(0.055f, within(1e-7f));
        assertThat(schedule.rate(4)).isCloseTo(0.01f, within(1e-9f));
    }

    @Test
    void shouldRefuseArgumentsOutOfRangeNamingThem() {
        assertThatThrownBy(() -> Schedules.constant(0f)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> Schedules.constant(Float.NaN)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> Schedules.step(0.1f, 0f, 10)).hasMessageContaining("factor");
        assertThatThrownBy(() -> Schedules.step(0.1f, 0.5f, 0)).hasMessageContaining("every");
        assertThatThrownBy(() -> Schedules.exponential(0.1f, -0.9f)).hasMessageContaining("gamma");
        assertThatThrownBy(() -> Schedules.exponential(-0.1f, 0.9f)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> Schedules.cosine(0.1f, 0.2f, 10)).hasMessageContaining("minLearningRate");
        assertThatThrownBy(() -> Schedules.cosine(0.1f, -0.01f, 10)).hasMessageContaining("minLearningRate");
        assertThatThrownBy(() -> Schedules.cosine(0.1f, 0f, 0)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> Schedules.constant(0.1f).rate(-1)).hasMessageContaining("from 0");
    }
}
