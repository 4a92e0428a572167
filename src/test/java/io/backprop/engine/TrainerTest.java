package io.backprop.engine;

import static io.backprop.engine.ActivationKind.LINEAR;
import static io.backprop.engine.ActivationKind.SIGMOID;
import static io.backprop.engine.ActivationKind.TANH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final NetworkSpec NEURON = new NetworkSpec(1, List.of(LayerSpec.of(1, LINEAR)), LossKind.MSE, null);
    private static final NetworkSpec XOR = new NetworkSpec(2, List.of(LayerSpec.of(4, TANH), LayerSpec.of(1, SIGMOID)),
            LossKind.BINARY_CROSS_ENTROPY, InitializerKind.XAVIER);
    private static final float[] XOR_X = {0, 0, 0, 1, 1, 0, 1, 1};
    private static final float[] XOR_Y = {0, 1, 1, 0};

    private static FitResult fit(Network network, float[] x, float[] y, TrainingOptions options, EpochRecorder recorder) {
        return new Trainer(network, new Sgd()).fit(x, y, y.length / network.spec().outputSize(), options, recorder,
                () -> false);
    }

    @Test
    void shouldTakeOneHandComputedSgdStepOnAFullBatch() {
        // Given ŷ = 0.5x + 0.1 and the rows (x, y) = (1, 2), (2, 3)
        var network = Network.fromParameters(NEURON, new float[] {0.5f, 0.1f});
        var recorder = new EpochRecorder();

        // When one full-batch epoch runs with lr 0.1
        var result = fit(network, new float[] {1, 2}, new float[] {2, 3},
                new TrainingOptions(1, 0.1f, 0, false, 0), recorder);

        // Then errors ŷ − y = (−1.4, −1.9), cost (1.96 + 3.61) / 2 = 2.785;
        // ∂L/∂w = mean 2·e·x = −5.2, ∂L/∂b = mean 2·e = −3.3 → w = 0.5 + 0.52, b = 0.1 + 0.33
        assertThat(result).isEqualTo(new FitResult(1, FitResult.Outcome.COMPLETED, 0, 1));
        assertThat(recorder.epochs).singleElement().satisfies(epoch -> {
            assertThat(epoch.epoch()).isEqualTo(1);
            assertThat(epoch.cost()).isCloseTo(2.785, within(1e-6));
            assertThat(epoch.accuracy()).isNull();
            assertThat(epoch.learningRate()).isEqualTo(0.1f);
        });
        assertThat(network.parameters()).containsExactly(new float[] {1.02f, 0.43f}, within(1e-6f));
    }

    @Test
    void shouldAddTheL2GradientToWeightsButNotBiasesAndLeaveItOutOfTheCost() {
        // Given the same start and rows as the one-step test above
        var network = Network.fromParameters(NEURON, new float[] {0.5f, 0.1f});
        var recorder = new EpochRecorder();

        // When one full-batch epoch runs with lr 0.1 and l2 0.1
        new Trainer(network, new Sgd()).fit(new float[] {1, 2}, new float[] {2, 3}, 2,
                new TrainingOptions(1, Schedules.constant(0.1f), 0, false, 0, 0.1f, 0f, null), recorder, () -> false);

        // Then ∂w = −5.2 + 0.1·0.5 = −5.15 → w = 0.5 + 0.515; ∂b = −3.3 as without L2 → b = 0.43;
        // the cost is the loss alone, 2.785, not 2.785 + 0.1/2·0.5²
        assertThat(recorder.epochs.getFirst().cost()).isCloseTo(2.785, within(1e-6));
        assertThat(network.parameters()).containsExactly(new float[] {1.015f, 0.43f}, within(1e-6f));
    }

    @Test
    void shouldRunEachEpochAtItsScheduledRate() {
        // Given a rate that halves every 2 epochs, counted from epoch 0
        var schedule = Schedules.step(0.2f, 0.5f, 2);
        var recorder = new EpochRecorder();

        // When 5 epochs run
        fit(Network.initialize(XOR, 3), XOR_X, XOR_Y,
                new TrainingOptions(5, schedule, 0, false, 0, 0f, 0f, null), recorder);

        // Then epochs 1..5 (0-based 0..4) report 0.2, 0.2, 0.1, 0.1, 0.05
        assertThat(recorder.epochs).extracting(EpochResult::learningRate)
                .containsExactly(0.2f, 0.2f, 0.1f, 0.1f, 0.05f);
    }

    @Test
    void shouldUseTheScheduledRateInTheUpdate() {
        // Given ŷ = w·x + b from (w, b) = (1, 0) and one row (x, y) = (1, 0): ∂w = ∂b = 2(w + b)
        var network = Network.fromParameters(NEURON, new float[] {1f, 0f});

        // When two full-batch epochs run at 0.1, then 0.1·0.1
        new Trainer(network, new Sgd()).fit(new float[] {1}, new float[] {0}, 1,
                new TrainingOptions(2, Schedules.exponential(0.1f, 0.1f), 0, false, 0, 0f, 0f, null),
                e -> { }, () -> false);

        // Then epoch 1: gradients 2, (w, b) = (0.8, −0.2); epoch 2: gradients 1.2, at 0.01 (0.788, −0.212)
        assertThat(network.parameters()).containsExactly(new float[] {0.788f, -0.212f}, within(1e-6f));
    }

    @Test
    void shouldAverageLossesTakenBeforeEachUpdateInStoredOrder() {
        // Given the same start, but one row per batch
        var network = Network.fromParameters(NEURON, new float[] {0.5f, 0.1f});
        var recorder = new EpochRecorder();

        // When
        fit(network, new float[] {1, 2}, new float[] {2, 3}, new TrainingOptions(1, 0.1f, 1, false, 0), recorder);

        // Then row 1: e = −1.4, loss 1.96, w = 0.5 + 0.28, b = 0.1 + 0.28;
        // row 2: ŷ = 0.78·2 + 0.38 = 1.94, e = −1.06, loss 1.1236, w = 0.78 + 0.424, b = 0.38 + 0.212
        assertThat(recorder.epochs.getFirst().cost()).isCloseTo((1.96 + 1.1236) / 2, within(1e-6));
        assertThat(network.parameters()).containsExactly(new float[] {1.204f, 0.592f}, within(1e-6f));
    }

    @Test
    void shouldWeightMiniBatchLossesByTheirRowCount() {
        // with a negligible learning rate every batching sees the same parameters, so must report the same cost
        float[] x = {-2, -1, 0, 1, 2};
        float[] y = {1, 0, 3, -1, 4};
        var fullBatch = new EpochRecorder();
        var unevenBatches = new EpochRecorder();
        fit(Network.fromParameters(NEURON, new float[] {0.3f, 0.2f}), x, y,
                new TrainingOptions(1, 1e-30f, 0, false, 0), fullBatch);
        fit(Network.fromParameters(NEURON, new float[] {0.3f, 0.2f}), x, y,
                new TrainingOptions(1, 1e-30f, 2, true, 9), unevenBatches);
        assertThat(unevenBatches.costs().getFirst()).isCloseTo(fullBatch.costs().getFirst(), within(1e-12));
    }

    @Test
    void shouldLearnALineWithASingleLinearNeuron() {
        int rows = 21;
        float[] x = new float[rows];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = -1 + 0.1f * i;
            y[i] = 3 * x[i] + 2;
        }
        var network = Network.initialize(NEURON, 1);

        var result = fit(network, x, y, new TrainingOptions(300, 0.1f, 4, true, 3), new EpochRecorder());

        assertThat(result.outcome()).isEqualTo(FitResult.Outcome.COMPLETED);
        assertThat(network.parameters()[0]).isCloseTo(3f, within(0.03f));
        assertThat(network.parameters()[1]).isCloseTo(2f, within(0.02f));
    }

    @Test
    void shouldLearnXorWithTanhHiddenLayer() {
        var network = Network.initialize(XOR, 42);
        var recorder = new EpochRecorder();

        var result = fit(network, XOR_X, XOR_Y, new TrainingOptions(1000, 0.5f, 0, true, 1), recorder);

        assertThat(result.outcome()).isEqualTo(FitResult.Outcome.COMPLETED);
        assertThat(recorder.epochs).hasSize(1000);
        assertThat(recorder.epochs.getLast().accuracy()).isEqualTo(1.0);
        assertThat(recorder.epochs.getLast().cost()).isLessThan(recorder.epochs.getFirst().cost() / 10);
        float[] outputs = new float[4];
        network.predict(XOR_X, 4, outputs);
        for (int r = 0; r < 4; r++) {
            assertThat(outputs[r] >= 0.5f).as("row %d: %s", r, outputs[r]).isEqualTo(XOR_Y[r] == 1);
        }
    }

    @Test
    void shouldLearnXorWithAdam() {
        var network = Network.initialize(XOR, 42);
        var recorder = new EpochRecorder();
        var adam = Optimizers.create(OptimizerOptions.defaults("adam"), network.parameters().length);

        new Trainer(network, adam).fit(XOR_X, XOR_Y, 4, new TrainingOptions(300, 0.05f, 0, true, 1), recorder,
                () -> false);

        assertLearnedXor(network, recorder);
    }

    @Test
    void shouldLearnXorWithRmsProp() {
        var network = Network.initialize(XOR, 42);
        var recorder = new EpochRecorder();
        var rmsprop = Optimizers.create(OptimizerOptions.defaults("rmsprop"), network.parameters().length);

        new Trainer(network, rmsprop).fit(XOR_X, XOR_Y, 4, new TrainingOptions(300, 0.02f, 0, true, 1), recorder,
                () -> false);

        assertLearnedXor(network, recorder);
    }

    private static void assertLearnedXor(Network network, EpochRecorder recorder) {
        assertThat(recorder.epochs.getLast().accuracy()).isEqualTo(1.0);
        assertThat(recorder.epochs.getLast().cost()).isLessThan(recorder.epochs.getFirst().cost() / 10);
        float[] outputs = new float[4];
        network.predict(XOR_X, 4, outputs);
        for (int r = 0; r < 4; r++) {
            assertThat(outputs[r] >= 0.5f).as("row %d: %s", r, outputs[r]).isEqualTo(XOR_Y[r] == 1);
        }
    }

    @Test
    void shouldRepeatTheSameRunBitForBitFromTheSameSeeds() {
        var first = new EpochRecorder();
        var second = new EpochRecorder();
        var firstNetwork = Network.initialize(XOR, 5);
        var secondNetwork = Network.initialize(XOR, 5);
        var options = new TrainingOptions(30, 0.3f, 3, true, 11);

        fit(firstNetwork, XOR_X, XOR_Y, options, first);
        fit(secondNetwork, XOR_X, XOR_Y, options, second);

        assertThat(second.costs()).isEqualTo(first.costs());
        assertThat(secondNetwork.parameters()).isEqualTo(firstNetwork.parameters());
    }

    @Test
    void shouldDifferWhenEitherSeedDiffers() {
        var options = new TrainingOptions(30, 0.3f, 3, true, 11);
        var base = new EpochRecorder();
        var otherModelSeed = new EpochRecorder();
        var otherShuffleSeed = new EpochRecorder();
        var baseNetwork = Network.initialize(XOR, 5);
        var otherShuffleNetwork = Network.initialize(XOR, 5);

        fit(baseNetwork, XOR_X, XOR_Y, options, base);
        fit(Network.initialize(XOR, 6), XOR_X, XOR_Y, options, otherModelSeed);
        fit(otherShuffleNetwork, XOR_X, XOR_Y, new TrainingOptions(30, 0.3f, 3, true, 12), otherShuffleSeed);

        assertThat(otherModelSeed.costs()).isNotEqualTo(base.costs());
        assertThat(otherShuffleSeed.costs()).isNotEqualTo(base.costs());
        assertThat(otherShuffleNetwork.parameters()).isNotEqualTo(baseNetwork.parameters());
    }

    @Test
    void shouldStopAtTheNextMiniBatchBoundaryWhenAsked() {
        var network = Network.initialize(XOR, 1);
        float[] initial = network.parameters().clone();
        var recorder = new EpochRecorder();
        var polls = new AtomicInteger();

        var result = new Trainer(network, new Sgd()).fit(XOR_X, XOR_Y, 4, new TrainingOptions(10, 0.1f, 1, false, 0),
                recorder, () -> polls.incrementAndGet() > 1);

        assertThat(result).isEqualTo(new FitResult(0, FitResult.Outcome.STOPPED, 0, 0));
        assertThat(polls).hasValue(2);
        assertThat(recorder.epochs).isEmpty();
        // no epoch ended, so there is no best epoch to go back to: the one update stays
        assertThat(network.parameters()).isNotEqualTo(initial);
    }

    @Test
    void shouldReportEpochsFinishedBeforeTheStop() {
        var recorder = new EpochRecorder();
        var result = new Trainer(Network.initialize(XOR, 1), new Sgd()).fit(XOR_X, XOR_Y, 4,
                new TrainingOptions(10, 0.1f, 2, false, 0), recorder, () -> recorder.epochs.size() == 2);

        assertThat(result).isEqualTo(new FitResult(2, FitResult.Outcome.STOPPED, 0, 2));
        assertThat(recorder.epochs).extracting(EpochResult::epoch).containsExactly(1, 2);
    }

    @Test
    void shouldReportDivergenceWithTheEpochAndNotPassItToTheListener() {
        float[] x = {-1, -0.5f, 0, 0.5f, 1};
        float[] y = {-1, 0.5f, 2, 3.5f, 5};
        var recorder = new EpochRecorder();

        var result = fit(Network.initialize(NEURON, 1), x, y, new TrainingOptions(1000, 50f, 0, false, 0), recorder);

        assertThat(result.outcome()).isEqualTo(FitResult.Outcome.DIVERGED);
        assertThat(result.failedEpoch()).isGreaterThan(1).isEqualTo(result.epochsCompleted() + 1);
        assertThat(recorder.epochs).extracting(EpochResult::epoch)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(1, result.failedEpoch()).boxed().toList());
        assertThat(recorder.costs()).allSatisfy(cost -> assertThat(cost).isFinite());
    }

    @Test
    void shouldRefuseDataOfTheWrongShape() {
        var trainer = new Trainer(Network.initialize(XOR, 1), new Sgd());
        var options = new TrainingOptions(1, 0.1f, 0, false, 0);
        assertThatThrownBy(() -> trainer.fit(XOR_X, new float[3], 4, options, e -> { }, () -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 8 inputs and 4 targets");
    }

    @Test
    void shouldRefuseOptionsOutsideTheirRanges() {
        assertThatThrownBy(() -> new TrainingOptions(0, 0.1f, 0, false, 0)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> new TrainingOptions(1, Float.NaN, 0, false, 0)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new TrainingOptions(1, -0.1f, 0, false, 0)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new TrainingOptions(1, 0.1f, -1, false, 0)).hasMessageContaining("batchSize");
        var rate = Schedules.constant(0.1f);
        assertThatThrownBy(() -> new TrainingOptions(1, null, 0, false, 0, 0f, 0f, null)).hasMessageContaining("schedule");
        assertThatThrownBy(() -> new TrainingOptions(1, rate, 0, false, 0, -1e-4f, 0f, null)).hasMessageContaining("l2");
        assertThatThrownBy(() -> new TrainingOptions(1, rate, 0, false, 0, Float.NaN, 0f, null)).hasMessageContaining("l2");
        assertThatThrownBy(() -> new TrainingOptions(1, rate, 0, false, 0, 0f, 1f, null))
                .hasMessageContaining("validationSplit");
        assertThatThrownBy(() -> new TrainingOptions(1, rate, 0, false, 0, 0f, -0.1f, null))
                .hasMessageContaining("validationSplit");
        assertThatThrownBy(() -> new EarlyStopping(0, 0)).hasMessageContaining("patience");
        assertThatThrownBy(() -> new EarlyStopping(1, -0.1)).hasMessageContaining("minDelta");
    }
}
