package io.backprop.engine;

import static io.backprop.engine.ActivationKind.SIGMOID;
import static io.backprop.engine.ActivationKind.TANH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job interrupted after epoch k and resumed from its checkpoint must be indistinguishable from the
 * uninterrupted job: the same costs bit for bit and the same final parameters, even with shuffled mini-batches,
 * a validation split, a schedule, L2 and Adam, each of which carries state across epochs.
 */
class ResumeTest {

    private static final NetworkSpec SPEC = new NetworkSpec(2,
            List.of(LayerSpec.of(4, TANH), LayerSpec.of(1, SIGMOID)), LossKind.BINARY_CROSS_ENTROPY, null);
    private static final int ROWS = 24;
    private static final int EPOCHS = 12;
    /** 18 training rows in batches of 5, 5, 5, 3 reshuffled every epoch; 6 held-out rows drawn by the seed. */
    private static final TrainingOptions OPTIONS = new TrainingOptions(EPOCHS, Schedules.step(0.05f, 0.5f, 4), 5, true,
            13, 1e-3f, 0.25f, new EarlyStopping(50, 0));
    private static final float[] X = new float[ROWS * 2];
    private static final float[] Y = new float[ROWS];

    static {
        var random = new SplittableRandom(17);
        for (int r = 0; r < ROWS; r++) {
            X[2 * r] = (float) random.nextGaussian();
            X[2 * r + 1] = (float) random.nextGaussian();
            Y[r] = X[2 * r] * X[2 * r + 1] > 0 ? 1 : 0;
        }
    }

    private static Optimizer adam() {
        return Optimizers.create(OptimizerOptions.defaults("adam"), (int) SPEC.parameterCount());
    }

    @ParameterizedTest(name = "interrupted after epoch {0}")
    @ValueSource(ints = {1, 6, 11})
    void shouldContinueFromACheckpointExactlyAsTheUninterruptedRun(int interruptedAfter) {
        // Given an uninterrupted run
        var uninterruptedNetwork = Network.initialize(SPEC, 3);
        var uninterruptedTrainer = new Trainer(uninterruptedNetwork, adam());
        var uninterrupted = new EpochRecorder().checkpointing(uninterruptedTrainer);
        var expected = uninterruptedTrainer.fit(X, Y, ROWS, OPTIONS, uninterrupted, () -> false);

        // and the same job stopped (as by a crash) after epoch k, with the checkpoint it took then
        var firstTrainer = new Trainer(Network.initialize(SPEC, 3), adam());
        var first = new EpochRecorder().checkpointing(firstTrainer);
        firstTrainer.fit(X, Y, ROWS, OPTIONS, first, () -> first.size() == interruptedAfter);
        var checkpoint = first.checkpointAt(interruptedAfter);

        // When a fresh network and optimizer resume from it
        var resumedNetwork = Network.fromParameters(SPEC, new float[(int) SPEC.parameterCount()]);
        var resumedTrainer = new Trainer(resumedNetwork, adam());
        var resumed = new EpochRecorder().checkpointing(resumedTrainer);
        var result = resumedTrainer.fit(X, Y, ROWS, OPTIONS, resumed, () -> false, checkpoint);

        // Then the remaining epochs and the end are the uninterrupted run's, bit for bit
        assertThat(checkpoint).isEqualTo(uninterrupted.checkpointAt(interruptedAfter));
        var remaining = uninterrupted.epochs.subList(interruptedAfter, EPOCHS);
        assertThat(resumed.epochs).extracting(EpochResult::epoch)
                .containsExactlyElementsOf(remaining.stream().map(EpochResult::epoch).toList());
        assertThat(resumed.costs()).isEqualTo(remaining.stream().map(EpochResult::cost).toList());
        assertThat(resumed.validationCosts()).isEqualTo(remaining.stream().map(EpochResult::validationCost).toList());
        assertThat(resumed.epochs).extracting(EpochResult::learningRate)
                .containsExactlyElementsOf(remaining.stream().map(EpochResult::learningRate).toList());
        assertThat(resumed.checkpoints).isEqualTo(uninterrupted.checkpoints.subList(interruptedAfter, EPOCHS));
        assertThat(result).isEqualTo(expected);
        assertThat(resumedNetwork.parameters()).isEqualTo(uninterruptedNetwork.parameters());
    }

    @Test
    void shouldStopAtOnceWhenResumedAfterPatienceRanOut() {
        // Given a run that stopped early, and the checkpoint of its last epoch
        var options = new TrainingOptions(EPOCHS, Schedules.constant(0.5f), 5, true, 13, 0f, 0.25f,
                new EarlyStopping(1, 0));
        var trainer = new Trainer(Network.initialize(SPEC, 3), new Sgd());
        var recorder = new EpochRecorder().checkpointing(trainer);
        var stopped = trainer.fit(X, Y, ROWS, options, recorder, () -> false);
        assertThat(stopped.outcome()).isEqualTo(FitResult.Outcome.EARLY_STOPPED);

        // When it is resumed from there
        var network = Network.initialize(SPEC, 99);
        var resumed = new EpochRecorder();
        var result = new Trainer(network, new Sgd()).fit(X, Y, ROWS, options, resumed, () -> false,
                recorder.checkpoints.getLast());

        // Then no epoch runs, and it ends as the original did, on the best epoch's parameters
        assertThat(result).isEqualTo(stopped);
        assertThat(resumed.epochs).isEmpty();
        assertThat(network.parameters()).isEqualTo(recorder.checkpointAt(stopped.bestEpoch()).parameters());
    }

    @Test
    void shouldWarmStartFromTheParametersAndAdamStateAsIfNeverInterrupted() {
        // Given an uninterrupted full-batch run of 20 epochs at a constant rate
        var options = new TrainingOptions(20, 0.05f, 0, false, 0);
        var uninterruptedNetwork = Network.initialize(SPEC, 3);
        var uninterrupted = new EpochRecorder();
        new Trainer(uninterruptedNetwork, adam()).fit(X, Y, ROWS, options, uninterrupted, () -> false);

        // and a first job of 8 epochs, whose parameters and optimizer state are stored
        var firstNetwork = Network.initialize(SPEC, 3);
        var firstAdam = adam();
        new Trainer(firstNetwork, firstAdam).fit(X, Y, ROWS, new TrainingOptions(8, 0.05f, 0, false, 0),
                e -> { }, () -> false);
        float[] storedParameters = firstNetwork.parameters().clone();
        var storedState = firstAdam.state();

        // When a second job of 12 epochs continues from them
        var network = Network.fromParameters(SPEC, storedParameters);
        var adam = adam();
        adam.restore(storedState);
        var second = new EpochRecorder();
        new Trainer(network, adam).fit(X, Y, ROWS, new TrainingOptions(12, 0.05f, 0, false, 0), second, () -> false);

        // Then the two jobs equal the one
        var remaining = uninterrupted.costs().subList(8, 20);
        for (int e = 0; e < 12; e++) {
            assertThat(second.costs().get(e)).as("epoch %d", e + 9).isCloseTo(remaining.get(e), within(1e-6));
        }
        assertThat(network.parameters()).containsExactly(uninterruptedNetwork.parameters(), within(1e-6f));

        // while a fresh Adam (moments 0, t 0) would have taken other steps
        var cold = new EpochRecorder();
        new Trainer(Network.fromParameters(SPEC, storedParameters), adam())
                .fit(X, Y, ROWS, new TrainingOptions(12, 0.05f, 0, false, 0), cold, () -> false);
        assertThat(Math.abs(cold.costs().get(1) - remaining.get(1))).isGreaterThan(1e-5);
    }

    @Test
    void shouldTakeCheckpointsOnlyAtAnEpochEnd() {
        var trainer = new Trainer(Network.initialize(SPEC, 3), adam());
        assertThatThrownBy(trainer::checkpoint).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EpochListener");
        trainer.fit(X, Y, ROWS, new TrainingOptions(1, 0.05f, 0, false, 0), e -> { }, () -> false);
        assertThatThrownBy(trainer::checkpoint).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseACheckpointThatDoesNotFit() {
        var trainer = new Trainer(Network.initialize(SPEC, 3), adam());
        var recorder = new EpochRecorder().checkpointing(trainer);
        trainer.fit(X, Y, ROWS, new TrainingOptions(3, 0.05f, 0, false, 0), recorder, () -> false);
        var checkpoint = recorder.checkpointAt(3);
        var options = new TrainingOptions(5, 0.05f, 0, false, 0);

        assertThatThrownBy(() -> new Trainer(Network.initialize(SPEC, 3), new Sgd())
                .fit(X, Y, ROWS, options, e -> { }, () -> false, checkpoint))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sgd").hasMessageContaining("adam");
        assertThatThrownBy(() -> new Trainer(Network.initialize(SPEC, 3), adam())
                .fit(X, Y, ROWS, new TrainingOptions(2, 0.05f, 0, false, 0), e -> { }, () -> false, checkpoint))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the 2 epochs");
        var wider = new NetworkSpec(2, List.of(LayerSpec.of(5, TANH), LayerSpec.of(1, SIGMOID)),
                LossKind.BINARY_CROSS_ENTROPY, null);
        var widerNetwork = Network.initialize(wider, 3);
        assertThatThrownBy(() -> new Trainer(widerNetwork,
                Optimizers.create(OptimizerOptions.defaults("adam"), widerNetwork.parameters().length))
                .fit(X, Y, ROWS, options, e -> { }, () -> false, checkpoint))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameters");
    }
}
