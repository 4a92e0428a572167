package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccuracyTest {

    @Test
    void shouldCompareArgmaxesForSoftmax() {
        float[] a = {0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f};
        float[] y = {0, 1, 0, 0, 0, 1};
        assertThat(Accuracy.correct(ActivationKind.SOFTMAX, a, y, 2, 3)).isEqualTo(1.0);
    }

    @Test
    void shouldThresholdASingleSigmoidAtOneHalfInclusive() {
        float[] a = {0.5f, 0.49f, 0.9f, 0.1f};
        float[] y = {1, 1, 0, 0};
        assertThat(Accuracy.correct(ActivationKind.SIGMOID, a, y, 4, 1)).isEqualTo(2.0);
    }

    @Test
    void shouldCountTheFractionOfMatchingUnitsForSeveralSigmoids() {
        float[] a = {0.6f, 0.4f, 0.2f, 0.8f};
        float[] y = {1, 1, 0, 1};
        assertThat(Accuracy.correct(ActivationKind.SIGMOID, a, y, 2, 2)).isEqualTo(1.5);
    }
}
