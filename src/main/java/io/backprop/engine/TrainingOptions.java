package io.backprop.engine;

/**
 * How {@link Trainer#fit} runs.
 *
 * @param learningRate constant for the whole run
 * @param batchSize    rows per mini-batch; 0, or at least the row count, means full batch
 * @param shuffle      visit rows in a new seeded order each epoch; otherwise in stored order
 * @param seed         seeds the shuffling (not the initial weights: those come from the model's seed)
 */
public record TrainingOptions(int epochs, float learningRate, int batchSize, boolean shuffle, long seed) {

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (!(Float.isFinite(learningRate) && learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be 0 (full batch) or more, got " + batchSize);
        }
    }
}
