package io.backprop.engine;

import java.util.Objects;

/**
 * How {@link Trainer#fit} runs.
 *
 * @param schedule        the learning rate of each epoch
 * @param batchSize       rows per mini-batch; 0, or at least the training row count, means full batch
 * @param shuffle         visit the training rows in a new seeded order each epoch, and draw the validation
 *                        rows at random; otherwise stored order, and the validation rows are the last ones
 * @param seed            seeds the shuffling and the split (not the initial weights: those come from the
 *                        model's seed)
 * @param l2              adds l2·W to every weight gradient (not biases): l2/2·‖W‖² in the objective
 * @param validationSplit the fraction of rows held out, in [0, 1)
 * @param earlyStopping   null for none
 */
public record TrainingOptions(int epochs, LearningRateSchedule schedule, int batchSize, boolean shuffle, long seed,
                              float l2, float validationSplit, EarlyStopping earlyStopping) {

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        Objects.requireNonNull(schedule, "schedule");
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be 0 (full batch) or more, got " + batchSize);
        }
        if (!(Float.isFinite(l2) && l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be a finite number ≥ 0, got " + l2);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + validationSplit);
        }
    }

    /** A constant learning rate, no L2, no validation split, no early stopping. */
    public TrainingOptions(int epochs, float learningRate, int batchSize, boolean shuffle, long seed) {
        this(epochs, Schedules.constant(learningRate), batchSize, shuffle, seed, 0f, 0f, null);
    }
}
