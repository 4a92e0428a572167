package io.backprop.engine;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Mini-batch gradient descent on a {@link Network}, updating its parameters in place.
 *
 * <p>Each epoch visits every row once, in a new seeded order when shuffling (one generator seeded by
 * {@link TrainingOptions#seed()} draws every epoch's permutation), otherwise in stored order. Each step
 * is forward → zero grads → backward → update; the mini-batch loss is taken in the forward pass, before
 * the update, and an epoch's cost is the row-weighted mean of those losses (accuracy likewise).
 *
 * <p>All buffers are allocated when {@code fit} starts; a step allocates nothing. Not thread-safe.
 */
public final class Trainer {

    private final Network network;
    private final Optimizer optimizer;

    public Trainer(Network network, Optimizer optimizer) {
        this.network = Objects.requireNonNull(network, "network");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    /**
     * Trains for {@code options.epochs()} epochs unless stopped or diverged first.
     *
     * @param x             inputs, (rows, inputSize)
     * @param y             targets, (rows, outputSize); one-hot for softmax classification
     * @param listener      told of each epoch with a finite cost, before the next epoch begins
     * @param stopRequested polled before every mini-batch; true ends the run as STOPPED
     * @return DIVERGED, naming the epoch, as soon as an epoch's cost is NaN or infinite; that epoch is not
     *         reported to the listener
     */
    public FitResult fit(float[] x, float[] y, int rows, TrainingOptions options, EpochListener listener,
                         BooleanSupplier stopRequested) {
        var spec = network.spec();
        int in = spec.inputSize();
        int out = spec.outputSize();
        if (rows < 1 || x.length != rows * in || y.length != rows * out) {
            throw new IllegalArgumentException("training on " + rows + " rows (at least 1) needs " + rows * in
                    + " inputs and " + rows * out + " targets, got " + x.length + " and " + y.length);
        }
        int batchRows = options.batchSize() == 0 || options.batchSize() >= rows ? rows : options.batchSize();
        boolean classifier = spec.isClassifier();

        var pass = new Backpropagation(network, batchRows);
        float[] grads = new float[network.parameters().length]; // laid out as the parameters
        float[] xBatch = new float[batchRows * in]; // (batchRows, in)
        float[] yBatch = new float[batchRows * out]; // (batchRows, out)
        int[] order = new int[rows]; // row visited at each position of the epoch
        var random = new SplittableRandom(options.seed());

        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            long started = System.nanoTime();
            arrange(order, options.shuffle(), random);
            double lossSum = 0; // Σ over batches of rows · mean batch loss
            double correctSum = 0;
            for (int first = 0; first < rows; first += batchRows) {
                if (stopRequested.getAsBoolean()) {
                    return new FitResult(epoch - 1, FitResult.Outcome.STOPPED, 0);
                }
                int count = Math.min(batchRows, rows - first);
                gather(xBatch, x, order, first, count, in);
                gather(yBatch, y, order, first, count, out);

                pass.forward(xBatch, count);
                lossSum += count * pass.loss(yBatch, count);
                if (classifier) {
                    correctSum += pass.correct(yBatch, count);
                }
                Arrays.fill(grads, 0f);
                pass.backward(grads, xBatch, yBatch, count);
                optimizer.step(network.parameters(), grads, options.learningRate());

                if (!Double.isFinite(lossSum)) {
                    break; // a NaN or infinite sum stays so: the rest of the epoch cannot save it
                }
            }
            double cost = lossSum / rows;
            if (!Double.isFinite(cost)) {
                return new FitResult(epoch - 1, FitResult.Outcome.DIVERGED, epoch);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            listener.onEpoch(new EpochResult(epoch, cost, classifier ? correctSum / rows : null,
                    options.learningRate(), millis));
        }
        return new FitResult(options.epochs(), FitResult.Outcome.COMPLETED, 0);
    }

    /** Stored order, then a Fisher–Yates shuffle of it if asked: each epoch's order depends only on the seed. */
    private static void arrange(int[] order, boolean shuffle, SplittableRandom random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
    }

    /** Copies rows order[first .. first+count) of source (rows, width) into batch (count, width). */
    private static void gather(float[] batch, float[] source, int[] order, int first, int count, int width) {
        for (int r = 0; r < count; r++) {
            System.arraycopy(source, order[first + r] * width, batch, r * width, width);
        }
    }
}
