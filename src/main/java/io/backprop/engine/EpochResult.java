package io.backprop.engine;

/**
 * One finished epoch.
 *
 * @param epoch              1-based
 * @param cost               the row-weighted mean of the mini-batch losses, each taken before its update,
 *                           without the L2 term
 * @param accuracy           counted the same way; null unless the spec is a classifier
 * @param validationCost     the loss on the held-out rows with the parameters at the end of the epoch;
 *                           null without a validation split
 * @param validationAccuracy likewise; null without a split or for a non-classifier
 * @param learningRate       the rate this epoch used
 * @param millis             wall time of the epoch, validation included
 */
public record EpochResult(int epoch, double cost, Double accuracy, Double validationCost, Double validationAccuracy,
                          float learningRate, long millis) {
}
