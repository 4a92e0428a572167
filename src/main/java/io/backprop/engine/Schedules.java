package io.backprop.engine;

/**
 * The learning-rate schedules of the API (api.md "Definitions"), as PyTorch's {@code StepLR},
 * {@code ExponentialLR} and {@code CosineAnnealingLR} in closed form. Epochs count from 0, so epoch 0
 * always runs at {@code lr}. Computed in double and rounded once to float, so that a rate does not
 * depend on the float rounding of the epochs before it.
 */
public final class Schedules {

    private Schedules() {
    }

    /** lr for every epoch. */
    public static LearningRateSchedule constant(float lr) {
        return new Constant(requirePositive("learningRate", lr));
    }

    /** lr·factor^⌊e/every⌋. */
    public static LearningRateSchedule step(float lr, float factor, int every) {
        requirePositive("learningRate", lr);
        requirePositive("factor", factor);
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1, got " + every);
        }
        return new Step(lr, factor, every);
    }

    /** lr·gammaᵉ. */
    public static LearningRateSchedule exponential(float lr, float gamma) {
        requirePositive("learningRate", lr);
        requirePositive("gamma", gamma);
        return new Exponential(lr, gamma);
    }

    /** minLr + (lr − minLr)(1 + cos(π e/epochs))/2: lr at epoch 0, minLr at epoch {@code epochs}. */
    public static LearningRateSchedule cosine(float lr, float minLr, int epochs) {
        requirePositive("learningRate", lr);
        if (!(Float.isFinite(minLr) && minLr >= 0 && minLr <= lr)) {
            throw new IllegalArgumentException(
                    "minLearningRate must be a finite number from 0 to learningRate " + lr + ", got " + minLr);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        return new Cosine(lr, minLr, epochs);
    }

    private record Constant(float lr) implements LearningRateSchedule {
        @Override
        public float rate(int epoch) {
            requireEpoch(epoch);
            return lr;
        }
    }

    private record Step(float lr, float factor, int every) implements LearningRateSchedule {
        @Override
        public float rate(int epoch) {
            requireEpoch(epoch);
            return (float) (lr * Math.pow(factor, epoch / every));
        }
    }

    private record Exponential(float lr, float gamma) implements LearningRateSchedule {
        @Override
        public float rate(int epoch) {
            requireEpoch(epoch);
            return (float) (lr * Math.pow(gamma, epoch));
        }
    }

    private record Cosine(float lr, float minLr, int epochs) implements LearningRateSchedule {
        @Override
        public float rate(int epoch) {
            requireEpoch(epoch);
            return (float) (minLr + ((double) lr - minLr) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2);
        }
    }

    private static float requirePositive(String name, float value) {
        if (!(Float.isFinite(value) && value > 0)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    private static void requireEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epochs count from 0, got " + epoch);
        }
    }
}
