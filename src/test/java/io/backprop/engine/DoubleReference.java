package io.backprop.engine;

/**
 * The network's loss recomputed in double precision straight from the definitions in api.md, sharing no
 * code with the engine: the oracle for central differences and for the engine's loss values.
 */
final class DoubleReference {

    private DoubleReference() {
    }

    /** The mean loss over rows of x (rows, inputSize) against y (rows, outputSize). */
    static double loss(NetworkSpec spec, double[] params, double[] x, double[] y, int rows) {
        double[][] z = preActivations(spec, params, x, rows);
        int last = spec.layers().size() - 1;
        int width = spec.outputSize();
        double[] a = activate(spec.layers().get(last), z[last], rows, width);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < width; k++) {
                double p = a[r * width + k];
                double t = y[r * width + k];
                sum += switch (spec.loss()) {
                    case MSE -> (p - t) * (p - t) / width;
                    case CROSS_ENTROPY -> -t * Math.log(p);
                    case BINARY_CROSS_ENTROPY -> -(t * Math.log(p) + (1 - t) * Math.log(1 - p)) / width;
                    case KL_DIVERGENCE -> t == 0 ? 0 : t * Math.log(t / p);
                };
            }
        }
        return sum / rows;
    }

    /** z of every layer, (rows, units), with W stored (in, out) at the start of each layer's block. */
    static double[][] preActivations(NetworkSpec spec, double[] params, double[] x, int rows) {
        var layers = spec.layers();
        double[][] z = new double[layers.size()][];
        double[] in = x;
        int inWidth = spec.inputSize();
        int offset = 0;
        for (int l = 0; l < layers.size(); l++) {
            int out = layers.get(l).units();
            int bias = offset + inWidth * out;
            z[l] = new double[rows * out];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    double sum = params[bias + j];
                    for (int i = 0; i < inWidth; i++) {
                        sum += in[r * inWidth + i] * params[offset + i * out + j];
                    }
                    z[l][r * out + j] = sum;
                }
            }
            in = activate(layers.get(l), z[l], rows, out);
            offset = bias + out;
            inWidth = out;
        }
        return z;
    }

    static double[] activate(LayerSpec layer, double[] z, int rows, int width) {
        double[] a = new double[z.length];
        for (int r = 0; r < rows; r++) {
            double norm = 0;
            for (int j = 0; j < width; j++) {
                norm += Math.exp(z[r * width + j]);
            }
            for (int j = 0; j < width; j++) {
                double v = z[r * width + j];
                a[r * width + j] = switch (layer.activation()) {
                    case LINEAR -> v;
                    case SIGMOID -> 1 / (1 + Math.exp(-v));
                    case TANH -> Math.tanh(v);
                    case RELU -> Math.max(v, 0);
                    case LEAKY_RELU -> v > 0 ? v : layer.alpha() * v;
                    case SOFTMAX -> Math.exp(v) / norm;
                };
            }
        }
        return a;
    }

    static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
