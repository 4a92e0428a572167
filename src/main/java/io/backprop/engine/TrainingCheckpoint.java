package io.backprop.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * Everything {@link Trainer#fit(float[], float[], int, TrainingOptions, EpochListener, java.util.function.BooleanSupplier,
 * TrainingCheckpoint) fit} needs, besides the same data and options, to continue a run after epoch
 * {@code epochsCompleted} exactly as if it had not been interrupted. Taken by {@link Trainer#checkpoint()}
 * at an epoch end; the arrays are the checkpoint's own.
 *
 * @param parameters               the network's parameters at the end of epoch {@code epochsCompleted}
 * @param optimizerState           the optimizer's state then
 * @param bestEpoch                the epoch with the lowest monitored cost so far, 0 if none
 * @param bestCost                 its monitored cost; +∞ if none
 * @param bestParameters           its parameters; null if none
 * @param bestOptimizerState       the optimizer's state at its end; null if none
 * @param epochsWithoutImprovement epochs since the best one, counted towards early stopping's patience
 */
public record TrainingCheckpoint(int epochsCompleted, float[] parameters, OptimizerState optimizerState,
                                 int bestEpoch, double bestCost, float[] bestParameters,
                                 OptimizerState bestOptimizerState, int epochsWithoutImprovement) {

    public TrainingCheckpoint {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(optimizerState, "optimizerState");
        if (epochsCompleted < 0 || bestEpoch < 0 || bestEpoch > epochsCompleted || epochsWithoutImprovement < 0) {
            throw new IllegalArgumentException("a checkpoint after " + epochsCompleted + " epochs cannot have best epoch "
                    + bestEpoch + " and " + epochsWithoutImprovement + " epochs without improvement");
        }
        boolean hasBest = bestEpoch > 0;
        if (hasBest != (bestParameters != null) || hasBest != (bestOptimizerState != null)) {
            throw new IllegalArgumentException(
                    "bestParameters and bestOptimizerState are given exactly when there is a best epoch");
        }
        if (hasBest && bestParameters.length != parameters.length) {
            throw new IllegalArgumentException("bestParameters holds " + bestParameters.length
                    + " values, parameters " + parameters.length);
        }
    }

    /** Equal when the contents are: a record's own equals would compare the arrays by identity. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingCheckpoint that
                && epochsCompleted == that.epochsCompleted
                && Arrays.equals(parameters, that.parameters)
                && optimizerState.equals(that.optimizerState)
                && bestEpoch == that.bestEpoch
                && Double.compare(bestCost, that.bestCost) == 0
                && Arrays.equals(bestParameters, that.bestParameters)
                && Objects.equals(bestOptimizerState, that.bestOptimizerState)
                && epochsWithoutImprovement == that.epochsWithoutImprovement;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochsCompleted, Arrays.hashCode(parameters), optimizerState, bestEpoch, bestCost,
                Arrays.hashCode(bestParameters), bestOptimizerState, epochsWithoutImprovement);
    }

    @Override
    public String toString() {
        return "TrainingCheckpoint[after epoch " + epochsCompleted + ", " + parameters.length + " parameters, "
                + optimizerState + ", best epoch " + bestEpoch + " (" + bestCost + "), "
                + epochsWithoutImprovement + " epochs without improvement]";
    }
}
