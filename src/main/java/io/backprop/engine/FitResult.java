package io.backprop.engine;

/**
 * How a {@link Trainer#fit} run ended.
 *
 * @param epochsCompleted epochs reported to the listener, counting those before a resume
 * @param failedEpoch     the 1-based epoch whose cost was NaN or infinite when DIVERGED, else 0
 * @param bestEpoch       the epoch with the lowest monitored cost (the validation cost, or the training cost
 *                        without a split), 0 if no epoch ended. The network holds its parameters after
 *                        EARLY_STOPPED, after STOPPED, and after COMPLETED with early stopping on; otherwise
 *                        it is for information
 */
public record FitResult(int epochsCompleted, Outcome outcome, int failedEpoch, int bestEpoch) {

    public enum Outcome {
        /** Every requested epoch ran. */
        COMPLETED,
        /** Early stopping's patience ran out; the parameters are the best epoch's. */
        EARLY_STOPPED,
        /**
         * The stop request was seen at a mini-batch boundary; the parameters are the best epoch's, or, when
         * no epoch ended, include the partial epoch.
         */
        STOPPED,
        /** An epoch's cost was not finite; the parameters are unusable. */
        DIVERGED
    }
}
