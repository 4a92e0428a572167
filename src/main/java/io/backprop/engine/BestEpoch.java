package io.backprop.engine;

/**
 * The best epoch of a run so far by its monitored cost, with a copy of its parameters and optimizer state,
 * so that early stopping and a cancel can end on it. The parameter copy goes into a buffer allocated
 * once; the optimizer state is copied only when an epoch improves.
 */
final class BestEpoch {

    private final double minDelta;
    private final float[] parameters; // (parameterCount), the best epoch's once epoch > 0
    private OptimizerState optimizerState; // null until epoch > 0
    private int epoch; // 0 until an epoch has ended
    private double cost = Double.POSITIVE_INFINITY;
    private int epochsWithoutImprovement;

    BestEpoch(int parameterCount, double minDelta) {
        this.parameters = new float[parameterCount];
        this.minDelta = minDelta;
    }

    /**
     * Records the monitored cost of an epoch that just ended with {@code params}: it becomes the best when
     * below the best so far by more than minDelta (a NaN never is), otherwise it counts against patience.
     */
    void offer(int endedEpoch, double monitoredCost, float[] params, Optimizer optimizer) {
        if (monitoredCost < cost - minDelta) {
            epoch = endedEpoch;
            cost = monitoredCost;
            System.arraycopy(params, 0, parameters, 0, parameters.length);
            optimizerState = optimizer.state();
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
    }

    /** Puts the best epoch's parameters and optimizer state back; there must be one. */
    void restoreInto(float[] params, Optimizer optimizer) {
        optimizer.restore(optimizerState);
        System.arraycopy(parameters, 0, params, 0, parameters.length);
    }

    /** Takes over the best-so-far of a checkpoint (shape-checked against this run first). */
    void resumeFrom(TrainingCheckpoint checkpoint, Optimizer optimizer) {
        if (checkpoint.bestEpoch() > 0) {
            checkpoint.bestOptimizerState().requireShape(optimizer.name(), optimizer.state().values().length);
            if (checkpoint.bestParameters().length != parameters.length) {
                throw new IllegalArgumentException("the checkpoint's best parameters hold "
                        + checkpoint.bestParameters().length + " values, this network " + parameters.length);
            }
            System.arraycopy(checkpoint.bestParameters(), 0, parameters, 0, parameters.length);
            optimizerState = copy(checkpoint.bestOptimizerState());
        }
        epoch = checkpoint.bestEpoch();
        cost = checkpoint.bestCost();
        epochsWithoutImprovement = checkpoint.epochsWithoutImprovement();
    }

    /** A deep copy of the run's state at the end of epoch {@code epochsCompleted}. */
    TrainingCheckpoint checkpoint(int epochsCompleted, float[] params, Optimizer optimizer) {
        boolean hasBest = epoch > 0;
        return new TrainingCheckpoint(epochsCompleted, params.clone(), optimizer.state(), epoch, cost,
                hasBest ? parameters.clone() : null, hasBest ? copy(optimizerState) : null, epochsWithoutImprovement);
    }

    int epoch() {
        return epoch;
    }

    int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }

    private static OptimizerState copy(OptimizerState state) {
        return new OptimizerState(state.optimizer(), state.step(), state.values().clone());
    }
}
