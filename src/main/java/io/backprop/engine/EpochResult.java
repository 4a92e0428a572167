package io.backprop.engine;

/**
 * One finished epoch.
 *
 * @param epoch        1-based
 * @param cost         the row-weighted mean of the mini-batch losses, each taken before its update
 * @param accuracy     counted the same way; null unless the spec is a classifier
 * @param learningRate the rate this epoch used
 * @param millis       wall time of the epoch
 */
public record EpochResult(int epoch, double cost, Double accuracy, float learningRate, long millis) {
}
