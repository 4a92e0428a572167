package io.backprop.engine;

/**
 * Per-sample correctness of classifier outputs, summed so that mini-batches add up to an epoch:
 * softmax — argmax(ŷ) = argmax(y); one sigmoid unit — (ŷ ≥ 0.5) = (y ≥ 0.5); several sigmoid units — the
 * fraction of units whose thresholded values agree (Keras {@code binary_accuracy}).
 */
final class Accuracy {

    private Accuracy() {
    }

    /** Σ over rows of each row's correctness in [0, 1]; callers divide by the row count. */
    static double correct(ActivationKind output, float[] a, float[] y, int rows, int width) {
        return switch (output) {
            case SOFTMAX -> argmaxMatches(a, y, rows, width);
            case SIGMOID -> thresholdMatches(a, y, rows, width);
            default -> throw new IllegalArgumentException("accuracy needs softmax or sigmoid outputs, not " + output);
        };
    }

    /** The first index of the row's largest value, as numpy and PyTorch pick among ties. */
    static int argmax(float[] values, int row, int width) {
        int best = 0;
        for (int k = 1; k < width; k++) {
            if (values[row + k] > values[row + best]) {
                best = k;
            }
        }
        return best;
    }

    private static double argmaxMatches(float[] a, float[] y, int rows, int width) {
        int matches = 0;
        for (int r = 0; r < rows; r++) {
            if (argmax(a, r * width, width) == argmax(y, r * width, width)) {
                matches++;
            }
        }
        return matches;
    }

    private static double thresholdMatches(float[] a, float[] y, int rows, int width) {
        int matches = 0;
        for (int i = 0, n = rows * width; i < n; i++) {
            if ((a[i] >= 0.5f) == (y[i] >= 0.5f)) {
                matches++;
            }
        }
        return (double) matches / width;
    }
}
