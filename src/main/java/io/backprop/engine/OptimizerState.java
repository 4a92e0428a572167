package io.backprop.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * An optimizer's state, to continue training where it stopped (a warm start, a resumed job).
 *
 * @param optimizer the {@link Optimizer#name()} it belongs to
 * @param step      the number of steps taken, Adam's t for its bias correction; 0 for the others
 * @param values    the state arrays concatenated, in the layout the optimizer's class comment gives
 */
public record OptimizerState(String optimizer, long step, float[] values) {

    public OptimizerState {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(values, "values");
        if (step < 0) {
            throw new IllegalArgumentException("step must be 0 or more, got " + step);
        }
    }

    /** The checks every {@link Optimizer#restore} makes before it copies anything. */
    void requireShape(String name, int length) {
        if (!optimizer.equals(name)) {
            throw new IllegalArgumentException("cannot restore " + name + " from the state of " + optimizer);
        }
        if (values.length != length) {
            throw new IllegalArgumentException(
                    "the " + name + " state holds " + length + " values, got " + values.length);
        }
    }

    /** Equal when the contents are: a record's own equals would compare the array by identity. */
    @Override
    public boolean equals(Object other) {
        return other instanceof OptimizerState that && step == that.step && optimizer.equals(that.optimizer)
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(optimizer, step, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "OptimizerState[" + optimizer + ", step " + step + ", " + values.length + " values]";
    }
}
