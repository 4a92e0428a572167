package io.backprop.engine;

import static io.backprop.engine.ActivationKind.LINEAR;
import static io.backprop.engine.ActivationKind.SIGMOID;
import static io.backprop.engine.ActivationKind.TANH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    private static final NetworkSpec NEURON = new NetworkSpec(1, List.of(LayerSpec.of(1, LINEAR)), LossKind.MSE, null);
    private static final NetworkSpec CLASSIFIER = new NetworkSpec(2,
            List.of(LayerSpec.of(3, TANH), LayerSpec.of(1, SIGMOID)), LossKind.BINARY_CROSS_ENTROPY, null);

    @Test
    void shouldHoldOutRoundedRowsButAtLeastOneWhenAsked() {
        assertThat(RowOrder.heldOutCount(10, 0f)).isZero();
        assertThat(RowOrder.heldOutCount(10, 0.2f)).isEqualTo(2);
        assertThat(RowOrder.heldOutCount(10, 0.25f)).isEqualTo(3); // 2.5 rounds half up
        assertThat(RowOrder.heldOutCount(10, 0.01f)).isEqualTo(1); // 0.1 would round to none
        assertThatThrownBy(() -> new RowOrder(1, 0.5f, false, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 must remain");
        assertThatThrownBy(() -> new Trainer(Network.initialize(NEURON, 1), new Sgd()).fit(new float[] {1, 2},
                new float[] {1, 2}, 2, new TrainingOptions(1, Schedules.constant(0.1f), 0, false, 0, 0f, 0.9f, null),
                e -> { }, () -> false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validationSplit");
    }

    @Test
    void shouldHoldOutTheLastRowsAsStoredWithoutShuffling() {
        // Given rows on the line y = x, except the last two, far off it at y = 100
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] y = {1, 2, 3, 4, 5, 6, 100, 100};
        float[] initial = {0.5f, 0.1f};
        var network = Network.fromParameters(NEURON, initial);
        var recorder = new EpochRecorder();
        var snapshots = new float[3][];
        EpochListener listener = result -> {
            recorder.onEpoch(result);
            snapshots[result.epoch() - 1] = network.parameters().clone();
        };

        // When a quarter is held out over 3 full-batch epochs in stored order
        new Trainer(network, new Sgd()).fit(x, y, 8,
                new TrainingOptions(3, Schedules.constant(0.001f), 0, false, 0, 0f, 0.25f, null), listener, () -> false);

        // Then the first epoch trained on rows 1..6 only (its cost is their loss before the update), and each
        // validation cost is the loss on rows 7 and 8 with that epoch's final parameters
        assertThat(recorder.costs().getFirst()).isCloseTo(loss(NEURON, initial, x, y, IntStream.range(0, 6)), within(1e-6));
        for (int e = 0; e < 3; e++) {
            double expected = loss(NEURON, snapshots[e], x, y, IntStream.of(6, 7));
            assertThat(recorder.epochs.get(e).validationCost()).as("epoch %d", e + 1)
                    .isCloseTo(expected, within(1e-6 * expected));
            assertThat(recorder.epochs.get(e).validationAccuracy()).isNull(); // not a classifier
        }
    }

    @Test
    void shouldDrawTheHeldOutRowsOnceFromTheSeedWhenShuffling() {
        // Given two row orders from the same seed and one from another
        var order = new RowOrder(20, 0.25f, true, 7);
        var sameSeed = new RowOrder(20, 0.25f, true, 7);
        var otherSeed = new RowOrder(20, 0.25f, true, 8);
        int[] heldOut = order.heldOutRows().clone();

        // Then the same seed holds out the same 5 rows, another seed others, and not simply the last ones
        assertThat(heldOut).hasSize(5).isEqualTo(sameSeed.heldOutRows()).isNotEqualTo(otherSeed.heldOutRows())
                .isNotEqualTo(new int[] {15, 16, 17, 18, 19});

        // and over the epochs the training rows are reshuffled, always all of the rest, never a held-out one
        int[] previous = null;
        for (int epoch = 0; epoch < 5; epoch++) {
            order.nextEpoch();
            int[] visited = order.order().clone();
            assertThat(order.heldOutRows()).isEqualTo(heldOut);
            int[] all = IntStream.concat(Arrays.stream(visited), Arrays.stream(heldOut)).sorted().toArray();
            assertThat(all).isEqualTo(IntStream.range(0, 20).toArray());
            assertThat(visited).isNotEqualTo(previous);
            previous = visited;
        }
    }

    @Test
    void shouldMeasureTheSameHeldOutRowsAfterEveryEpochWhenShuffling() {
        // Given 20 rows of a classifier, a quarter held out, shuffled mini-batches
        var random = new SplittableRandom(3);
        float[] x = new float[40];
        float[] y = new float[20];
        for (int r = 0; r < 20; r++) {
            x[2 * r] = (float) random.nextGaussian();
            x[2 * r + 1] = (float) random.nextGaussian();
            y[r] = x[2 * r] * x[2 * r + 1] > 0 ? 1 : 0;
        }
        var network = Network.initialize(CLASSIFIER, 5);
        var options = new TrainingOptions(6, Schedules.constant(0.5f), 4, true, 7, 0f, 0.25f, null);
        int[] heldOut = new RowOrder(20, 0.25f, true, 7).heldOutRows();
        var checked = new int[1];

        // When it trains, checking each epoch against a separate computation on the rows the seed holds out
        new Trainer(network, new Sgd()).fit(x, y, 20, options, result -> {
            float[] params = network.parameters();
            assertThat(result.validationCost()).as("epoch %d", result.epoch())
                    .isCloseTo(loss(CLASSIFIER, params, x, y, Arrays.stream(heldOut)), within(1e-5));
            assertThat(result.validationAccuracy()).as("epoch %d", result.epoch())
                    .isEqualTo(accuracy(params, x, y, heldOut));
            checked[0]++;
        }, () -> false);

        // Then every epoch was checked, and the same seed reports the same validation costs again
        assertThat(checked[0]).isEqualTo(6);
        var first = new EpochRecorder();
        var second = new EpochRecorder();
        new Trainer(Network.initialize(CLASSIFIER, 5), new Sgd()).fit(x, y, 20, options, first, () -> false);
        new Trainer(Network.initialize(CLASSIFIER, 5), new Sgd()).fit(x, y, 20, options, second, () -> false);
        assertThat(second.validationCosts()).isEqualTo(first.validationCosts()).doesNotContainNull();
    }

    @Test
    void shouldReportNoValidationWithoutASplit() {
        var recorder = new EpochRecorder();
        new Trainer(Network.initialize(CLASSIFIER, 5), new Sgd()).fit(new float[] {0, 0, 0, 1, 1, 0, 1, 1},
                new float[] {0, 1, 1, 0}, 4, new TrainingOptions(2, 0.1f, 0, true, 1), recorder, () -> false);

        assertThat(recorder.epochs).allSatisfy(epoch -> {
            assertThat(epoch.accuracy()).isNotNull();
            assertThat(epoch.validationCost()).isNull();
            assertThat(epoch.validationAccuracy()).isNull();
        });
    }

    /** The mean loss over the given rows, in double, independently of the engine. */
    private static double loss(NetworkSpec spec, float[] params, float[] x, float[] y, IntStream rows) {
        int[] picked = rows.toArray();
        int in = spec.inputSize();
        int out = spec.outputSize();
        double[] xs = new double[picked.length * in];
        double[] ys = new double[picked.length * out];
        for (int r = 0; r < picked.length; r++) {
            for (int i = 0; i < in; i++) {
                xs[r * in + i] = x[picked[r] * in + i];
            }
            for (int k = 0; k < out; k++) {
                ys[r * out + k] = y[picked[r] * out + k];
            }
        }
        return DoubleReference.loss(spec, DoubleReference.toDouble(params), xs, ys, picked.length);
    }

    /** The fraction of the given rows whose single sigmoid output is on the target's side of 0.5. */
    private static double accuracy(float[] params, float[] x, float[] y, int[] rows) {
        var network = Network.fromParameters(CLASSIFIER, params);
        float[] output = new float[1];
        int correct = 0;
        for (int row : rows) {
            network.predict(new float[] {x[2 * row], x[2 * row + 1]}, 1, output);
            if ((output[0] >= 0.5f) == (y[row] >= 0.5f)) {
                correct++;
            }
        }
        return (double) correct / rows.length;
    }
}
