package io.backprop.engine;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Mini-batch gradient descent on a {@link Network}, updating its parameters in place.
 *
 * <p>Rows and their order come from a {@link RowOrder}: the validation rows are held out once, and each
 * epoch visits every training row once, in a new seeded order when shuffling, otherwise in stored order.
 * Each step is forward → backward → L2 → update at the epoch's scheduled rate, on both cores (see
 * {@link TrainingStep}); the mini-batch loss is taken in the forward pass, before the update, and an epoch's cost is the row-weighted mean of
 * those losses (accuracy likewise). After each epoch the held-out rows are evaluated with the epoch's final
 * parameters, and the best epoch so far is kept (see {@link BestEpoch}) for early stopping and cancels.
 *
 * <p>All buffers are allocated when {@code fit} starts; a step allocates nothing. Not thread-safe.
 */
public final class Trainer {

    private final Network network;
    private final Optimizer optimizer;
    private BestEpoch best; // of the run in progress
    private int endedEpoch; // > 0 only while the listener is told of that epoch, when checkpoint() is valid

    public Trainer(Network network, Optimizer optimizer) {
        this.network = Objects.requireNonNull(network, "network");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    /** Trains from epoch 1; see {@link #fit(float[], float[], int, TrainingOptions, EpochListener, BooleanSupplier, TrainingCheckpoint)}. */
    public FitResult fit(float[] x, float[] y, int rows, TrainingOptions options, EpochListener listener,
                         BooleanSupplier stopRequested) {
        return fit(x, y, rows, options, listener, stopRequested, null);
    }

    /**
     * Trains until {@code options.epochs()} epochs have run, unless stopped, stopped early or diverged first.
     *
     * <p>Given a checkpoint taken by {@link #checkpoint()} in a run with the same data and options, this
     * continues at the epoch after it: parameters, optimizer state and best-so-far are restored, and the
     * seeded draws of the epochs already run are replayed, so that every later epoch visits the same rows
     * in the same order as the uninterrupted run, and reports the same costs bit for bit.
     *
     * @param x             inputs, (rows, inputSize)
     * @param y             targets, (rows, outputSize); one-hot for softmax classification
     * @param listener      told of each epoch with a finite cost, before the next epoch begins
     * @param stopRequested polled before every mini-batch; true ends the run as STOPPED
     * @param resumeFrom    null to start at epoch 1
     * @return DIVERGED, naming the epoch, as soon as an epoch's cost is NaN or infinite; that epoch is not
     *         reported to the listener. The parameters the network ends with are described by {@link FitResult}.
     * @throws IllegalArgumentException for data of the wrong shape, a validation split that leaves no
     *                                  training row, or a checkpoint that does not fit this network, optimizer
     *                                  or number of epochs
     */
    public FitResult fit(float[] x, float[] y, int rows, TrainingOptions options, EpochListener listener,
                         BooleanSupplier stopRequested, TrainingCheckpoint resumeFrom) {
        var spec = network.spec();
        if (rows < 1 || x.length != rows * spec.inputSize() || y.length != rows * spec.outputSize()) {
            throw new IllegalArgumentException("training on " + rows + " rows (at least 1) needs "
                    + rows * spec.inputSize() + " inputs and " + rows * spec.outputSize() + " targets, got "
                    + x.length + " and " + y.length);
        }
        var rowOrder = new RowOrder(rows, options.validationSplit(), options.shuffle(), options.seed());
        int trainingRows = rowOrder.trainingCount();
        int[] heldOut = rowOrder.heldOutRows();
        int batchRows = options.batchSize() == 0 || options.batchSize() >= trainingRows
                ? trainingRows : options.batchSize();

        var step = new TrainingStep(network, optimizer, x, y, batchRows, TrainingStep.partsFor(network, batchRows));
        float[] params = network.parameters();
        var training = new RowWeightedMeans(spec.isClassifier());
        var validation = new RowWeightedMeans(spec.isClassifier());
        var earlyStopping = options.earlyStopping();
        best = new BestEpoch(params.length, earlyStopping == null ? 0 : earlyStopping.minDelta());

        int epoch = resumeFrom == null ? 0 : resume(resumeFrom, rowOrder, options.epochs());
        try { // the steps hold the helper awake while they use it (see TrainingStep#close)
            while (true) {
                // checked before the next epoch, so that a run resumed after patience ran out stops at once too
                if (earlyStopping != null && best.epochsWithoutImprovement() >= earlyStopping.patience()) {
                    return end(FitResult.Outcome.EARLY_STOPPED, epoch, options);
                }
                if (epoch == options.epochs()) {
                    return end(FitResult.Outcome.COMPLETED, epoch, options);
                }
                epoch++;
                long started = System.nanoTime();
                float learningRate = options.schedule().rate(epoch - 1);
                rowOrder.nextEpoch();
                training.reset();
                int[] order = rowOrder.order();
                for (int first = 0; first < trainingRows && training.isFinite(); first += batchRows) {
                    if (stopRequested.getAsBoolean()) {
                        return end(FitResult.Outcome.STOPPED, epoch - 1, options);
                    }
                    step.train(order, first, Math.min(batchRows, trainingRows - first), learningRate, options.l2(), training);
                }
                if (!training.isFinite()) { // a NaN or infinite loss: the rest of the epoch could not have saved it
                    return new FitResult(epoch - 1, FitResult.Outcome.DIVERGED, epoch, best.epoch());
                }
                boolean validated = heldOut.length > 0;
                if (validated) {
                    step.evaluate(heldOut, validation);
                }
                best.offer(epoch, validated ? validation.cost() : training.cost(), params, optimizer);
                long millis = (System.nanoTime() - started) / 1_000_000;
                var result = new EpochResult(epoch, training.cost(), training.accuracy(),
                        validated ? validation.cost() : null, validated ? validation.accuracy() : null, learningRate, millis);
                endedEpoch = epoch;
                try {
                    listener.onEpoch(result);
                } finally {
                    endedEpoch = 0;
                }
            }
        } finally {
            step.close();
        }
    }

    /**
     * A deep copy of the run's state at the end of the epoch being reported, to resume from later with
     * {@link #fit(float[], float[], int, TrainingOptions, EpochListener, BooleanSupplier, TrainingCheckpoint)}.
     *
     * @throws IllegalStateException outside {@link EpochListener#onEpoch}: mid-epoch state cannot be resumed
     */
    public TrainingCheckpoint checkpoint() {
        if (endedEpoch == 0) {
            throw new IllegalStateException("checkpoint() is only available inside EpochListener.onEpoch");
        }
        return best.checkpoint(endedEpoch, network.parameters(), optimizer);
    }

    /** Restores the checkpoint into this run (after checking it fits) and returns the epochs it completed. */
    private int resume(TrainingCheckpoint from, RowOrder rowOrder, int epochs) {
        float[] params = network.parameters();
        if (from.epochsCompleted() > epochs) {
            throw new IllegalArgumentException("the checkpoint is after epoch " + from.epochsCompleted()
                    + ", beyond the " + epochs + " epochs of this run");
        }
        if (from.parameters().length != params.length) {
            throw new IllegalArgumentException("the checkpoint holds " + from.parameters().length
                    + " parameters, this network " + params.length);
        }
        best.resumeFrom(from, optimizer);
        optimizer.restore(from.optimizerState());
        System.arraycopy(from.parameters(), 0, params, 0, params.length);
        for (int e = 0; e < from.epochsCompleted(); e++) {
            rowOrder.nextEpoch(); // replays that epoch's draws, so the next one shuffles as it would have
        }
        return from.epochsCompleted();
    }

    /** Ends on the best epoch's parameters where FitResult promises them, and reports the best epoch. */
    private FitResult end(FitResult.Outcome outcome, int epochsCompleted, TrainingOptions options) {
        boolean endsOnBest = outcome != FitResult.Outcome.COMPLETED || options.earlyStopping() != null;
        if (endsOnBest && best.epoch() > 0) {
            best.restoreInto(network.parameters(), optimizer);
        }
        return new FitResult(epochsCompleted, outcome, 0, best.epoch());
    }
}
