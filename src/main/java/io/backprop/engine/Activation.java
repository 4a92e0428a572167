package io.backprop.engine;

/**
 * An activation over a (rows, width) block: {@code apply} maps pre-activations z to outputs a, and
 * {@code derivative} turns ∂L/∂a into ∂L/∂z. Outputs come first in the argument lists; both methods
 * may work in place ({@code a == z}, {@code dZ == dA}), so a caller can save a buffer.
 */
sealed interface Activation {

    void apply(float[] a, float[] z, int rows, int width);

    /** dZ = dA ⊙ f'(z), or for softmax the Jacobian-vector product, given z and a = f(z). */
    void derivative(float[] dZ, float[] dA, float[] z, float[] a, int rows, int width);

    static Activation of(LayerSpec layer) {
        return switch (layer.activation()) {
            case LINEAR -> new Linear();
            case SIGMOID -> new Sigmoid();
            case TANH -> new Tanh();
            case RELU -> new Relu();
            case LEAKY_RELU -> new LeakyRelu(layer.alpha());
            case SOFTMAX -> new Softmax();
        };
    }

    /**
     * An activation of one element at a time: any range of a block can be done on its own, e.g. the units of
     * a layer that one thread owns, row by row. Every activation but softmax.
     */
    sealed interface ElementWise extends Activation {

        /** a[i] = f(z[i]) for i in [from, to). */
        void applyRange(float[] a, float[] z, int from, int to);

        /** dZ[i] = dA[i]·f'(z[i]) for i in [from, to). */
        void derivativeRange(float[] dZ, float[] dA, float[] z, float[] a, int from, int to);

        @Override
        default void apply(float[] a, float[] z, int rows, int width) {
            applyRange(a, z, 0, rows * width);
        }

        @Override
        default void derivative(float[] dZ, float[] dA, float[] z, float[] a, int rows, int width) {
            derivativeRange(dZ, dA, z, a, 0, rows * width);
        }
    }

    record Linear() implements ElementWise {
        @Override
        public void applyRange(float[] a, float[] z, int from, int to) {
            if (a != z) {
                System.arraycopy(z, from, a, from, to - from);
            }
        }

        @Override
        public void derivativeRange(float[] dZ, float[] dA, float[] z, float[] a, int from, int to) {
            if (dZ != dA) {
                System.arraycopy(dA, from, dZ, from, to - from);
            }
        }
    }

    record Sigmoid() implements ElementWise {
        @Override
        public void applyRange(float[] a, float[] z, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = (float) (1.0 / (1.0 + Math.exp(-z[i]))); // exp overflow gives 1/∞ = 0, the right limit
            }
        }

        @Override
        public void derivativeRange(float[] dZ, float[] dA, float[] z, float[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                dZ[i] = dA[i] * a[i] * (1f - a[i]);
            }
        }
    }

    record Tanh() implements ElementWise {
        @Override
        public void applyRange(float[] a, float[] z, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = (float) Math.tanh(z[i]);
            }
        }

        @Override
        public void derivativeRange(float[] dZ, float[] dA, float[] z, float[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                dZ[i] = dA[i] * (1f - a[i] * a[i]);
            }
        }
    }

    /** f'(0) is taken as 0, as in PyTorch. */
    record Relu() implements ElementWise {
        @Override
        public void applyRange(float[] a, float[] z, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = Math.max(z[i], 0f);
            }
        }

        @Override
        public void derivativeRange(float[] dZ, float[] dA, float[] z, float[] a, int from, int to) {
            int i = Optimizers.VECTORISED ? VectorisedActivations.reluDerivative(dZ, dA, z, from, to) : from;
            for (; i < to; i++) {
                dZ[i] = z[i] > 0f ? dA[i] : 0f;
            }
        }
    }

    /** f'(0) is taken as alpha, as in PyTorch. */
    record LeakyRelu(float alpha) implements ElementWise {
        @Override
        public void applyRange(float[] a, float[] z, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = z[i] > 0f ? z[i] : alpha * z[i];
            }
        }

        @Override
        public void derivativeRange(float[] dZ, float[] dA, float[] z, float[] a, int from, int to) {
            int i = Optimizers.VECTORISED ? VectorisedActivations.leakyReluDerivative(dZ, dA, z, alpha, from, to) : from;
            for (; i < to; i++) {
                dZ[i] = z[i] > 0f ? dA[i] : alpha * dA[i];
            }
        }
    }

    /** Row-wise. Training never calls {@code derivative}: the losses that accept softmax fuse it. */
    record Softmax() implements Activation {
        @Override
        public void apply(float[] a, float[] z, int rows, int width) {
            for (int r = 0; r < rows; r++) {
                int row = r * width;
                float max = rowMax(z, row, width); // exp of (z - max) ≤ 1 cannot overflow
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    float e = (float) Math.exp(z[row + j] - max);
                    a[row + j] = e;
                    sum += e;
                }
                float scale = (float) (1.0 / sum);
                for (int j = 0; j < width; j++) {
                    a[row + j] *= scale;
                }
            }
        }

        @Override
        public void derivative(float[] dZ, float[] dA, float[] z, float[] a, int rows, int width) {
            // dz_j = a_j (da_j − Σ_k a_k da_k)
            for (int r = 0; r < rows; r++) {
                int row = r * width;
                double dot = 0;
                for (int k = 0; k < width; k++) {
                    dot += (double) a[row + k] * dA[row + k];
                }
                for (int j = 0; j < width; j++) {
                    dZ[row + j] = a[row + j] * (float) (dA[row + j] - dot);
                }
            }
        }

        static float rowMax(float[] z, int row, int width) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < width; j++) {
                max = Math.max(max, z[row + j]);
            }
            return max;
        }
    }
}
