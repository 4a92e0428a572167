package io.backprop.engine;

/** The learning rate of each epoch; the rate changes only at epoch boundaries. See {@link Schedules}. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The rate of epoch {@code epoch}, counted from 0. */
    float rate(int epoch);
}
