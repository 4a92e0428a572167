package io.backprop.engine;

/**
 * A loss over a mini-batch of (rows, width) outputs, bound to the output activation it reads, so that
 * log-probabilities come from logits (stable) and the usual pairs have their short gradients.
 *
 * <p><b>Gradient sign convention</b>, for the whole engine: a buffer named {@code dX} holds ∂L/∂X, where L
 * is the <em>mean</em> loss over the rows of the batch; it points uphill, and optimizers subtract it.
 *
 * <p>Definitions (as PyTorch's {@code MSELoss}, {@code CrossEntropyLoss} with probability targets,
 * {@code BCEWithLogitsLoss} and {@code KLDivLoss(reduction="batchmean")}):
 * <ul>
 *   <li>mse: mean over rows and outputs of (ŷ − y)²</li>
 *   <li>cross_entropy: mean over rows of −Σₖ yₖ log ŷₖ</li>
 *   <li>binary_cross_entropy: mean over rows and outputs of −[y log ŷ + (1 − y) log(1 − ŷ)]</li>
 *   <li>kl_divergence: mean over rows of Σₖ yₖ log(yₖ / ŷₖ), with 0 · log 0 = 0</li>
 * </ul>
 */
sealed interface Loss {

    /** L, the mean loss. z: output pre-activations, a: outputs f(z), y: targets; each (rows, width). */
    double value(float[] z, float[] a, float[] y, int rows, int width);

    /** dZ = ∂L/∂z, (rows, width). */
    default void delta(float[] dZ, float[] z, float[] a, float[] y, int rows, int width) {
        delta(dZ, z, a, y, rows, width, rows);
    }

    /**
     * dZ for {@code rows} rows that are a slice of a batch of {@code meanRows} rows, whose mean loss L is
     * differentiated: the slices of a batch split among threads.
     */
    void delta(float[] dZ, float[] z, float[] a, float[] y, int rows, int width, int meanRows);

    /** @throws IllegalArgumentException if the loss cannot read this output activation */
    static Loss of(LossKind kind, Activation output) {
        return switch (kind) {
            case MSE -> new MeanSquaredError(output);
            case CROSS_ENTROPY -> new SoftmaxCrossEntropy(requireOutput(kind, output, Activation.Softmax.class, "softmax"));
            case KL_DIVERGENCE -> new SoftmaxKlDivergence(requireOutput(kind, output, Activation.Softmax.class, "softmax"));
            case BINARY_CROSS_ENTROPY ->
                    new SigmoidBinaryCrossEntropy(requireOutput(kind, output, Activation.Sigmoid.class, "sigmoid"));
        };
    }

    private static <A extends Activation> A requireOutput(LossKind kind, Activation output, Class<A> required,
                                                          String requiredName) {
        if (!required.isInstance(output)) {
            throw new IllegalArgumentException(
                    kind.apiName() + " needs a " + requiredName + " output layer, not " + output);
        }
        return required.cast(output);
    }

    /** Works with any output activation: ∂L/∂ŷ = 2(ŷ − y)/(rows·width), then through f'. */
    record MeanSquaredError(Activation output) implements Loss {
        @Override
        public double value(float[] z, float[] a, float[] y, int rows, int width) {
            double sum = 0;
            for (int i = 0, n = rows * width; i < n; i++) {
                double error = (double) a[i] - y[i];
                sum += error * error;
            }
            return sum / ((double) rows * width);
        }

        @Override
        public void delta(float[] dZ, float[] z, float[] a, float[] y, int rows, int width, int meanRows) {
            float scale = 2f / ((float) meanRows * width);
            for (int i = 0, n = rows * width; i < n; i++) {
                dZ[i] = scale * (a[i] - y[i]);
            }
            output.derivative(dZ, dZ, z, a, rows, width);
        }
    }

    /** log ŷₖ = zₖ − logΣexp(z), so no probability is ever logged and nothing needs clamping. */
    record SoftmaxCrossEntropy(Activation.Softmax output) implements Loss {
        @Override
        public double value(float[] z, float[] a, float[] y, int rows, int width) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                int row = r * width;
                double logSumExp = logSumExp(z, row, width);
                for (int k = 0; k < width; k++) {
                    sum += y[row + k] * (logSumExp - z[row + k]);
                }
            }
            return sum / rows;
        }

        @Override
        public void delta(float[] dZ, float[] z, float[] a, float[] y, int rows, int width, int meanRows) {
            softmaxDelta(dZ, a, y, rows, width, meanRows);
        }
    }

    /** Same gradient as cross-entropy: the Σ y log y term does not depend on the network. */
    record SoftmaxKlDivergence(Activation.Softmax output) implements Loss {
        @Override
        public double value(float[] z, float[] a, float[] y, int rows, int width) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                int row = r * width;
                double logSumExp = logSumExp(z, row, width);
                for (int k = 0; k < width; k++) {
                    double target = y[row + k];
                    if (target != 0) { // 0 · log 0 = 0
                        sum += target * (Math.log(target) - (z[row + k] - logSumExp));
                    }
                }
            }
            return sum / rows;
        }

        @Override
        public void delta(float[] dZ, float[] z, float[] a, float[] y, int rows, int width, int meanRows) {
            softmaxDelta(dZ, a, y, rows, width, meanRows);
        }
    }

    /**
     * From logits: −[y log σ(z) + (1 − y) log(1 − σ(z))] = max(z, 0) − z·y + log(1 + e^−|z|), finite for
     * every finite z; the gradient is then simply σ(z) − y per output.
     */
    record SigmoidBinaryCrossEntropy(Activation.Sigmoid output) implements Loss {
        @Override
        public double value(float[] z, float[] a, float[] y, int rows, int width) {
            double sum = 0;
            for (int i = 0, n = rows * width; i < n; i++) {
                double logit = z[i];
                sum += Math.max(logit, 0) - logit * y[i] + Math.log1p(Math.exp(-Math.abs(logit)));
            }
            return sum / ((double) rows * width);
        }

        @Override
        public void delta(float[] dZ, float[] z, float[] a, float[] y, int rows, int width, int meanRows) {
            float scale = 1f / ((float) meanRows * width);
            for (int i = 0, n = rows * width; i < n; i++) {
                dZ[i] = scale * (a[i] - y[i]);
            }
        }
    }

    private static double logSumExp(float[] z, int row, int width) {
        float max = Activation.Softmax.rowMax(z, row, width);
        double sum = 0;
        for (int k = 0; k < width; k++) {
            sum += Math.exp(z[row + k] - max);
        }
        return max + Math.log(sum);
    }

    /**
     * ∂/∂z of −Σₖ yₖ log softmax(z)ₖ is ŷ·Σy − y per row, i.e. ŷ − y for targets that sum to 1; the general
     * form keeps the gradient exact (and equal to PyTorch's) for unnormalised targets.
     */
    private static void softmaxDelta(float[] dZ, float[] a, float[] y, int rows, int width, int meanRows) {
        float scale = 1f / meanRows;
        for (int r = 0; r < rows; r++) {
            int row = r * width;
            float targetSum = 0f;
            for (int k = 0; k < width; k++) {
                targetSum += y[row + k];
            }
            for (int k = 0; k < width; k++) {
                dZ[row + k] = scale * (a[row + k] * targetSum - y[row + k]);
            }
        }
    }
}
