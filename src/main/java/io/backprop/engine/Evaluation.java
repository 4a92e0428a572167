package io.backprop.engine;

/**
 * Measures a network on a whole dataset, in chunks of rows so that memory stays bounded: the mean
 * loss as training reports it (no L2 term), and for classifiers the accuracy and confusion matrix.
 */
public final class Evaluation {

    private static final int CHUNK_ROWS = 1024;

    /**
     * @param accuracy        as {@link Accuracy} counts it; null unless the network is a classifier
     * @param confusionMatrix counts by [actual][predicted] class: argmax for softmax, 0/1 at 0.5 for one
     *                        sigmoid unit; null otherwise (several sigmoid units are not one class per row)
     */
    public record Result(double cost, Double accuracy, long[][] confusionMatrix) {
    }

    private Evaluation() {
    }

    public static Result of(Network network, float[] x, float[] y, int rows) {
        NetworkSpec spec = network.spec();
        int in = spec.inputSize();
        int out = spec.outputSize();
        if (rows < 1 || x.length != rows * in || y.length != rows * out) {
            throw new IllegalArgumentException("evaluating " + rows + " rows needs " + rows * in + " inputs and "
                    + rows * out + " targets, got " + x.length + " and " + y.length);
        }
        ActivationKind output = spec.layers().getLast().activation();
        boolean classifier = spec.isClassifier();
        int classes = output == ActivationKind.SOFTMAX ? out : output == ActivationKind.SIGMOID && out == 1 ? 2 : 0;
        long[][] confusion = classes > 0 ? new long[classes][classes] : null;

        int chunk = Math.min(rows, CHUNK_ROWS);
        var pass = new Backpropagation(network, chunk);
        float[] xChunk = new float[chunk * in];
        float[] yChunk = new float[chunk * out];
        double lossSum = 0;
        double correctSum = 0;
        for (int first = 0; first < rows; first += chunk) {
            int count = Math.min(chunk, rows - first);
            System.arraycopy(x, first * in, xChunk, 0, count * in);
            System.arraycopy(y, first * out, yChunk, 0, count * out);
            pass.forward(xChunk, count);
            lossSum += count * pass.loss(yChunk, count);
            if (classifier) {
                correctSum += pass.correct(yChunk, count);
            }
            if (confusion != null) {
                count(confusion, pass.outputs(), yChunk, count, out);
            }
        }
        return new Result(lossSum / rows, classifier ? correctSum / rows : null, confusion);
    }

    private static void count(long[][] confusion, float[] a, float[] y, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            int actual;
            int predicted;
            if (width == 1) {
                actual = y[r] >= 0.5f ? 1 : 0;
                predicted = a[r] >= 0.5f ? 1 : 0;
            } else {
                actual = Accuracy.argmax(y, r * width, width);
                predicted = Accuracy.argmax(a, r * width, width);
            }
            confusion[actual][predicted]++;
        }
    }
}
