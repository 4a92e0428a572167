package io.backprop.engine;

import static io.backprop.engine.ActivationKind.LINEAR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On ŷ = w·x + b from (0, 0), trained full batch at lr 0.1 on x = −1, −0.5, 0.5, 1 with y = 2x, and
 * validated on one held-out row (1, 1): ∂w = 1.25(w − 2) and ∂b = 2b, so b stays 0 and
 * w_k = 2(1 − 0.875ᵏ) after epoch k. The validation cost (w_k − 1)² falls until w crosses 1 and rises after:
 * 0.0297 at epoch 4, 0.00067 at epoch 5, 0.0105 at epoch 6. The best epoch is 5.
 */
class EarlyStoppingTest {

    private static final NetworkSpec NEURON = new NetworkSpec(1, List.of(LayerSpec.of(1, LINEAR)), LossKind.MSE, null);
    private static final float[] X = {-1, -0.5f, 0.5f, 1, 1};
    private static final float[] Y = {-2, -1, 1, 2, 1}; // the last row is held out
    private static final int BEST = 5;

    private static TrainingOptions options(int epochs, EarlyStopping earlyStopping) {
        return new TrainingOptions(epochs, Schedules.constant(0.1f), 0, false, 0, 0f, 0.2f, earlyStopping);
    }

    @Test
    void shouldStopWhenPatienceRunsOutAndEndOnTheBestEpoch() {
        // Given the run above with a patience of 3
        var network = Network.fromParameters(NEURON, new float[] {0, 0});
        var trainer = new Trainer(network, new Sgd());
        var recorder = new EpochRecorder().checkpointing(trainer);

        // When it trains for up to 20 epochs
        var result = trainer.fit(X, Y, 5, options(20, new EarlyStopping(3, 0)), recorder, () -> false);

        // Then epochs 6, 7, 8 do not improve on epoch 5, so it stops after 8 with epoch 5's parameters
        assertThat(result).isEqualTo(new FitResult(8, FitResult.Outcome.EARLY_STOPPED, 0, BEST));
        assertThat(recorder.epochs.get(BEST - 1).validationCost())
                .isEqualTo(Collections.min(recorder.validationCosts()));
        assertThat(network.parameters()).isEqualTo(recorder.checkpointAt(BEST).parameters())
                .isNotEqualTo(recorder.checkpointAt(8).parameters());
        assertThat(network.parameters()[0]).isCloseTo(2 * (1 - (float) Math.pow(0.875, BEST)),
                org.assertj.core.api.Assertions.within(1e-6f));
    }

    @Test
    void shouldRestoreTheBestEpochsOptimizerStateToo() {
        // Given momentum, whose velocity is part of where training stands
        var network = Network.fromParameters(NEURON, new float[] {0, 0});
        var sgd = new Sgd(2, 0.5f, false);
        var trainer = new Trainer(network, sgd);
        var recorder = new EpochRecorder().checkpointing(trainer);

        // When it stops early
        var result = trainer.fit(X, Y, 5, options(50, new EarlyStopping(2, 0)), recorder, () -> false);

        // Then both the parameters and the velocity are the best epoch's
        assertThat(result.outcome()).isEqualTo(FitResult.Outcome.EARLY_STOPPED);
        int best = result.bestEpoch();
        assertThat(recorder.epochs.get(best - 1).validationCost()).isEqualTo(Collections.min(recorder.validationCosts()));
        assertThat(result.epochsCompleted()).isEqualTo(best + 2);
        assertThat(network.parameters()).isEqualTo(recorder.checkpointAt(best).parameters());
        assertThat(sgd.state()).isEqualTo(recorder.checkpointAt(best).optimizerState());
    }

    @Test
    void shouldEndOnTheBestEpochWhenEveryEpochRanWithEarlyStoppingOn() {
        var network = Network.fromParameters(NEURON, new float[] {0, 0});
        var trainer = new Trainer(network, new Sgd());
        var recorder = new EpochRecorder().checkpointing(trainer);

        var result = trainer.fit(X, Y, 5, options(7, new EarlyStopping(10, 0)), recorder, () -> false);

        assertThat(result).isEqualTo(new FitResult(7, FitResult.Outcome.COMPLETED, 0, BEST));
        assertThat(network.parameters()).isEqualTo(recorder.checkpointAt(BEST).parameters());
    }

    @Test
    void shouldKeepTheFinalParametersWithoutEarlyStoppingButReportTheBestEpoch() {
        var network = Network.fromParameters(NEURON, new float[] {0, 0});
        var trainer = new Trainer(network, new Sgd());
        var recorder = new EpochRecorder().checkpointing(trainer);

        var result = trainer.fit(X, Y, 5, options(7, null), recorder, () -> false);

        assertThat(result).isEqualTo(new FitResult(7, FitResult.Outcome.COMPLETED, 0, BEST));
        assertThat(network.parameters()).isEqualTo(recorder.checkpointAt(7).parameters());
    }

    @Test
    void shouldEndACancelledRunOnTheBestEpochSoFar() {
        // Given no early stopping, and a cancel after epoch 8
        var network = Network.fromParameters(NEURON, new float[] {0, 0});
        var sgd = new Sgd(2, 0.1f, false);
        var trainer = new Trainer(network, sgd);
        var recorder = new EpochRecorder().checkpointing(trainer);

        // When it is stopped
        var result = trainer.fit(X, Y, 5, options(20, null), recorder, () -> recorder.size() == 8);

        // Then it ends on the best epoch so far, parameters and optimizer state
        assertThat(result.outcome()).isEqualTo(FitResult.Outcome.STOPPED);
        assertThat(result.epochsCompleted()).isEqualTo(8);
        int best = result.bestEpoch();
        assertThat(best).isBetween(2, 7);
        assertThat(recorder.epochs.get(best - 1).validationCost()).isEqualTo(Collections.min(recorder.validationCosts()));
        assertThat(network.parameters()).isEqualTo(recorder.checkpointAt(best).parameters());
        assertThat(sgd.state()).isEqualTo(recorder.checkpointAt(best).optimizerState());
    }

    @Test
    void shouldMonitorTheTrainingCostWithoutASplit() {
        // Given ŷ = w + b on the one row (1, 0) at lr 1.1: s = w + b becomes s − 1.1·4s = −3.4s each epoch,
        // so each cost, s² before the update, is 11.56 times the one before: epoch 1 is the best
        var network = Network.fromParameters(NEURON, new float[] {0.2f, 0.1f});
        var trainer = new Trainer(network, new Sgd());
        var recorder = new EpochRecorder().checkpointing(trainer);

        // When early stopping watches it with a patience of 2
        var result = trainer.fit(new float[] {1}, new float[] {0}, 1,
                new TrainingOptions(10, Schedules.constant(1.1f), 0, false, 0, 0f, 0f, new EarlyStopping(2, 0)),
                recorder, () -> false);

        // Then it stops after epoch 3 on epoch 1's parameters, where w + b = −3.4·0.3 = −1.02
        assertThat(result).isEqualTo(new FitResult(3, FitResult.Outcome.EARLY_STOPPED, 0, 1));
        assertThat(network.parameters()).isEqualTo(recorder.checkpointAt(1).parameters());
        assertThat(network.parameters()[0] + network.parameters()[1])
                .isCloseTo(-1.02f, org.assertj.core.api.Assertions.within(1e-6f));
    }

    @Test
    void shouldCountOnlyImprovementsLargerThanMinDelta() {
        // Given a best of 1.0 and minDelta 0.05
        var best = new BestEpoch(1, 0.05);
        var sgd = new Sgd();
        best.offer(1, 1.0, new float[] {1}, sgd);

        // When 0.96 and 0.95 follow (not below 1.0 − 0.05), then 0.94 (below), then NaN
        best.offer(2, 0.96, new float[] {2}, sgd);
        best.offer(3, 0.95, new float[] {3}, sgd);
        assertThat(best.epoch()).isEqualTo(1);
        assertThat(best.epochsWithoutImprovement()).isEqualTo(2);
        best.offer(4, 0.94, new float[] {4}, sgd);
        best.offer(5, Double.NaN, new float[] {5}, sgd);

        // Then epoch 4 is the best, and the NaN counted as no improvement
        assertThat(best.epoch()).isEqualTo(4);
        assertThat(best.epochsWithoutImprovement()).isEqualTo(1);
        float[] params = {0};
        best.restoreInto(params, sgd);
        assertThat(params).containsExactly(4f);
    }
}
