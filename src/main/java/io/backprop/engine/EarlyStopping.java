package io.backprop.engine;

/**
 * Stop when the monitored cost (the validation cost, or the training cost without a validation split)
 * has not improved for {@code patience} epochs in a row; an epoch improves when its cost is below the
 * best so far minus {@code minDelta}. The run then ends with the best epoch's parameters.
 *
 * @param patience at least 1
 * @param minDelta 0 or more; how much lower a cost must be to count as an improvement
 */
public record EarlyStopping(int patience, double minDelta) {

    public EarlyStopping {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1, got " + patience);
        }
        if (!(Double.isFinite(minDelta) && minDelta >= 0)) {
            throw new IllegalArgumentException("minDelta must be a finite number ≥ 0, got " + minDelta);
        }
    }
}
