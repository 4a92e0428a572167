package io.backprop.engine;

/**
 * How a {@link Trainer#fit} run ended.
 *
 * @param epochsCompleted epochs reported to the listener
 * @param failedEpoch     the 1-based epoch whose cost was NaN or infinite when DIVERGED, else 0
 */
public record FitResult(int epochsCompleted, Outcome outcome, int failedEpoch) {

    public enum Outcome {
        /** Every requested epoch ran. */
        COMPLETED,
        /** The stop request was seen at a mini-batch boundary; the parameters include the partial epoch. */
        STOPPED,
        /** An epoch's cost was not finite; the parameters are unusable. */
        DIVERGED
    }
}
