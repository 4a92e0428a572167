package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Loss values and output deltas against numbers worked out by hand. */
class LossTest {

    private static final Offset<Double> CLOSE = within(1e-7);
    private static final float LN3 = (float) Math.log(3); // softmax(0, ln 3) = (1/4, 3/4); σ(ln 3) = 3/4

    private record Evaluated(double value, float[] delta) {
    }

    private static Evaluated evaluate(LossKind kind, Activation output, float[] z, float[] y, int rows, int width) {
        float[] a = new float[z.length];
        output.apply(a, z, rows, width);
        var loss = Loss.of(kind, output);
        float[] dZ = new float[z.length];
        loss.delta(dZ, z, a, y, rows, width);
        return new Evaluated(loss.value(z, a, y, rows, width), dZ);
    }

    @Test
    void shouldAverageSquaredErrorsOverRowsAndOutputs() {
        // errors 1, 0, 2, 3 → (1 + 0 + 4 + 9) / 4
        var result = evaluate(LossKind.MSE, new Activation.Linear(),
                new float[] {1, 2, 3, 4}, new float[] {0, 2, 1, 1}, 2, 2);
        assertThat(result.value()).isCloseTo(3.5, CLOSE);
        // 2·error / 4
        assertThat(result.delta()).containsExactly(0.5f, 0f, 1f, 1.5f);
    }

    @Test
    void shouldChainMseThroughTheOutputActivation() {
        // σ(0) = 1/2, target 1: loss 1/4; ∂L/∂ŷ = 2·(−1/2) = −1, σ'(0) = 1/4
        var result = evaluate(LossKind.MSE, new Activation.Sigmoid(), new float[] {0}, new float[] {1}, 1, 1);
        assertThat(result.value()).isCloseTo(0.25, CLOSE);
        assertThat(result.delta()).containsExactly(-0.25f);
    }

    @Test
    void shouldTakeCrossEntropyAsMeanOverRowsOfMinusSumYLogP() {
        // row 0: ŷ = (1/4, 3/4), y = (0, 1) → −ln(3/4) = 0.2876821; row 1: ŷ = (1/2, 1/2), y = (1, 0) → ln 2 = 0.6931472
        var result = evaluate(LossKind.CROSS_ENTROPY, new Activation.Softmax(),
                new float[] {0, LN3, 0, 0}, new float[] {0, 1, 1, 0}, 2, 2);
        assertThat(result.value()).isCloseTo((0.2876820724517809 + 0.6931471805599453) / 2, CLOSE);
        // (ŷ − y) / 2
        assertThat(result.delta()).containsExactly(new float[] {0.125f, -0.125f, -0.25f, 0.25f}, within(1e-7f));
    }

    @Test
    void shouldTakeBinaryCrossEntropyAsMeanOverRowsAndOutputs() {
        // ŷ = (1/2, 3/4, 3/4), y = (1, 1, 0): ln 2, ln(4/3), ln 4
        var result = evaluate(LossKind.BINARY_CROSS_ENTROPY, new Activation.Sigmoid(),
                new float[] {0, LN3, LN3}, new float[] {1, 1, 0}, 1, 3);
        assertThat(result.value())
                .isCloseTo((0.6931471805599453 + 0.28768207245178085 + 1.3862943611198906) / 3, CLOSE);
        // (ŷ − y) / 3
        assertThat(result.delta()).containsExactly(new float[] {-1 / 6f, -1 / 12f, 0.25f}, within(1e-7f));
    }

    @Test
    void shouldTakeKlDivergenceWithZeroTimesLogZeroAsZero() {
        // row 0: ŷ = (1/4, 3/4), y = (1/2, 1/2) → ½ln 2 + ½ln(2/3) = 0.1438410; row 1: y = (0, 1) → ln(4/3) = 0.2876821
        var result = evaluate(LossKind.KL_DIVERGENCE, new Activation.Softmax(),
                new float[] {0, LN3, 0, LN3}, new float[] {0.5f, 0.5f, 0, 1}, 2, 2);
        assertThat(result.value()).isCloseTo((0.14384103622589045 + 0.2876820724517809) / 2, CLOSE);
        // (ŷ − y) / 2, as for cross-entropy
        assertThat(result.delta()).containsExactly(new float[] {-0.125f, 0.125f, 0.125f, -0.125f}, within(1e-7f));
    }

    @Test
    void shouldStayFiniteForSaturatedOutputs() {
        // a softmax that rounds ŷ to 0 in float, and a sigmoid that rounds it to 1 (logs of probabilities would give ∞)
        assertThat(evaluate(LossKind.CROSS_ENTROPY, new Activation.Softmax(),
                new float[] {1000, 0}, new float[] {0, 1}, 1, 2).value()).isCloseTo(1000, CLOSE);
        assertThat(evaluate(LossKind.KL_DIVERGENCE, new Activation.Softmax(),
                new float[] {1000, 0}, new float[] {0, 1}, 1, 2).value()).isCloseTo(1000, CLOSE);
        assertThat(evaluate(LossKind.BINARY_CROSS_ENTROPY, new Activation.Sigmoid(),
                new float[] {100}, new float[] {0}, 1, 1).value()).isCloseTo(100, CLOSE);
    }

    @Test
    void shouldRefuseALossWithAnOutputItCannotRead() {
        assertThatThrownBy(() -> Loss.of(LossKind.CROSS_ENTROPY, new Activation.Sigmoid()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cross_entropy needs a softmax output layer");
        assertThatThrownBy(() -> Loss.of(LossKind.BINARY_CROSS_ENTROPY, new Activation.Tanh()))
                .hasMessageContaining("binary_cross_entropy needs a sigmoid output layer");
    }
}
