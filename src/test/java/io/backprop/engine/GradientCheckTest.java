package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every analytic gradient (float engine) against central differences of the loss recomputed in double
 * precision (DoubleReference), on a 3-5-3 network, for every hidden activation × every valid output/loss.
 */
class GradientCheckTest {

    private static final int INPUTS = 3;
    private static final int HIDDEN = 5;
    private static final int OUTPUTS = 3;
    private static final int ROWS = 4;
    private static final double STEP = 1e-6;
    /** Pre-activations of relu-family layers must stay this far from the kink for the difference to be smooth. */
    private static final double KINK_MARGIN = 1e-3;

    record OutputAndLoss(ActivationKind output, LossKind loss) {
        @Override
        public String toString() {
            return output.apiName() + "+" + loss.apiName();
        }
    }

    static Stream<Arguments> networks() {
        var outputs = List.of(
                new OutputAndLoss(ActivationKind.LINEAR, LossKind.MSE),
                new OutputAndLoss(ActivationKind.SIGMOID, LossKind.MSE),
                new OutputAndLoss(ActivationKind.TANH, LossKind.MSE),
                new OutputAndLoss(ActivationKind.RELU, LossKind.MSE),
                new OutputAndLoss(ActivationKind.LEAKY_RELU, LossKind.MSE),
                new OutputAndLoss(ActivationKind.SOFTMAX, LossKind.CROSS_ENTROPY),
                new OutputAndLoss(ActivationKind.SOFTMAX, LossKind.KL_DIVERGENCE),
                new OutputAndLoss(ActivationKind.SIGMOID, LossKind.BINARY_CROSS_ENTROPY));
        var hidden = List.of(ActivationKind.LINEAR, ActivationKind.SIGMOID, ActivationKind.TANH,
                ActivationKind.RELU, ActivationKind.LEAKY_RELU);
        var cases = new ArrayList<Arguments>();
        for (var h : hidden) {
            for (var o : outputs) {
                for (long seed : new long[] {1, 2, 3}) {
                    cases.add(Arguments.of(h, o, seed));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "hidden {0}, output {1}, seed {2}")
    @MethodSource("networks")
    void shouldMatchCentralDifferencesForEveryWeightAndBias(ActivationKind hidden, OutputAndLoss output, long seed) {
        var spec = new NetworkSpec(INPUTS, List.of(new LayerSpec(HIDDEN, hidden, 0.1f),
                new LayerSpec(OUTPUTS, output.output(), 0.1f)), output.loss(), null);
        var random = new SplittableRandom(seed);
        float[] params = new float[(int) spec.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextGaussian() * 0.7);
        }
        float[] x = awayFromZero(random, ROWS * INPUTS);
        float[] y = targets(output.loss(), random);
        var network = Network.fromParameters(spec, params);
        double[] p = DoubleReference.toDouble(params);
        double[] xd = DoubleReference.toDouble(x);
        double[] yd = DoubleReference.toDouble(y);
        assertThat(minDistanceToKink(spec, p, xd)).as("relu kinks avoided").isGreaterThan(KINK_MARGIN);

        var pass = new Backpropagation(network, ROWS);
        pass.forward(x, ROWS);
        double engineLoss = pass.loss(y, ROWS);
        float[] grads = new float[params.length];
        pass.backward(grads, x, y, ROWS);

        double referenceLoss = DoubleReference.loss(spec, p, xd, yd, ROWS);
        assertThat(engineLoss).isCloseTo(referenceLoss, within(1e-5 * Math.max(1, Math.abs(referenceLoss))));
        for (int i = 0; i < params.length; i++) {
            double numeric = centralDifference(spec, p, xd, yd, i);
            assertThat((double) grads[i])
                    .as("∂L/∂θ[%d] (%s)", i, describe(network, i))
                    .isCloseTo(numeric, within(1e-6 + 1e-4 * Math.abs(numeric)));
        }
    }

    @ParameterizedTest(name = "output {0}")
    @MethodSource("l2Networks")
    void shouldMatchCentralDifferencesOfTheL2RegularisedObjectiveOnWeightsOnly(OutputAndLoss output) {
        // Given a 3-5-3 network and the objective L + l2/2·‖W‖², the sum over every layer's weights only
        float l2 = 0.3f;
        var spec = new NetworkSpec(INPUTS, List.of(new LayerSpec(HIDDEN, ActivationKind.TANH, 0.1f),
                new LayerSpec(OUTPUTS, output.output(), 0.1f)), output.loss(), null);
        var random = new SplittableRandom(11);
        float[] params = new float[(int) spec.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextGaussian() * 0.7);
        }
        float[] x = awayFromZero(random, ROWS * INPUTS);
        float[] y = targets(output.loss(), random);
        var network = Network.fromParameters(spec, params);
        boolean[] isWeight = new boolean[params.length];
        for (int l = 0; l < network.layerCount(); l++) {
            Arrays.fill(isWeight, network.weightOffset(l), network.biasOffset(l), true);
        }

        // When the engine adds the L2 gradient to the loss gradient
        var pass = new Backpropagation(network, ROWS);
        pass.forward(x, ROWS);
        float[] lossGrads = new float[params.length];
        pass.backward(lossGrads, x, y, ROWS);
        float[] grads = lossGrads.clone();
        L2Penalty.addGradient(grads, network, l2);

        // Then every component matches the central difference of the regularised objective in double,
        // and every bias gradient is the loss gradient unchanged
        double[] p = DoubleReference.toDouble(params);
        double[] xd = DoubleReference.toDouble(x);
        double[] yd = DoubleReference.toDouble(y);
        for (int i = 0; i < params.length; i++) {
            double[] plus = p.clone();
            double[] minus = p.clone();
            plus[i] += STEP;
            minus[i] -= STEP;
            double numeric = (regularised(spec, plus, xd, yd, isWeight, l2) - regularised(spec, minus, xd, yd, isWeight, l2))
                    / (2 * STEP);
            assertThat((double) grads[i])
                    .as("∂(L + l2/2·‖W‖²)/∂θ[%d] (%s)", i, describe(network, i))
                    .isCloseTo(numeric, within(1e-6 + 1e-4 * Math.abs(numeric)));
            if (!isWeight[i]) {
                assertThat(grads[i]).as("bias gradient %d", i).isEqualTo(lossGrads[i]);
            }
        }
    }

    static Stream<OutputAndLoss> l2Networks() {
        return Stream.of(new OutputAndLoss(ActivationKind.LINEAR, LossKind.MSE),
                new OutputAndLoss(ActivationKind.SOFTMAX, LossKind.CROSS_ENTROPY),
                new OutputAndLoss(ActivationKind.SIGMOID, LossKind.BINARY_CROSS_ENTROPY));
    }

    private static double regularised(NetworkSpec spec, double[] params, double[] x, double[] y, boolean[] isWeight,
                                      double l2) {
        double squares = 0;
        for (int i = 0; i < params.length; i++) {
            if (isWeight[i]) {
                squares += params[i] * params[i];
            }
        }
        return DoubleReference.loss(spec, params, x, y, ROWS) + l2 / 2 * squares;
    }

    @Test
    void shouldMatchCentralDifferencesForTheSoftmaxJacobianVectorProduct() {
        // never used in training (the losses fuse softmax), but Activation promises it
        var random = new SplittableRandom(7);
        int rows = 2;
        int width = 4;
        float[] z = new float[rows * width];
        float[] dA = new float[rows * width];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
            dA[i] = (float) random.nextGaussian();
        }
        var softmax = new Activation.Softmax();
        float[] a = new float[z.length];
        softmax.apply(a, z, rows, width);
        float[] dZ = new float[z.length];
        softmax.derivative(dZ, dA, z, a, rows, width);

        var layer = LayerSpec.of(width, ActivationKind.SOFTMAX);
        double[] zd = DoubleReference.toDouble(z);
        for (int i = 0; i < z.length; i++) {
            double[] plus = zd.clone();
            double[] minus = zd.clone();
            plus[i] += STEP;
            minus[i] -= STEP;
            double numeric = (dot(DoubleReference.activate(layer, plus, rows, width), dA)
                    - dot(DoubleReference.activate(layer, minus, rows, width), dA)) / (2 * STEP);
            assertThat((double) dZ[i]).isCloseTo(numeric, within(1e-6 + 1e-4 * Math.abs(numeric)));
        }
    }

    private static double centralDifference(NetworkSpec spec, double[] params, double[] x, double[] y, int i) {
        double[] plus = params.clone();
        double[] minus = params.clone();
        plus[i] += STEP;
        minus[i] -= STEP;
        return (DoubleReference.loss(spec, plus, x, y, ROWS) - DoubleReference.loss(spec, minus, x, y, ROWS))
                / (2 * STEP);
    }

    private static double minDistanceToKink(NetworkSpec spec, double[] params, double[] x) {
        double[][] z = DoubleReference.preActivations(spec, params, x, ROWS);
        double min = Double.POSITIVE_INFINITY;
        for (int l = 0; l < z.length; l++) {
            var kind = spec.layers().get(l).activation();
            if (kind == ActivationKind.RELU || kind == ActivationKind.LEAKY_RELU) {
                for (double v : z[l]) {
                    min = Math.min(min, Math.abs(v));
                }
            }
        }
        return min;
    }

    /** Uniform in ±[0.5, 2]. */
    private static float[] awayFromZero(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble(0.5, 2) * (random.nextBoolean() ? 1 : -1));
        }
        return values;
    }

    /** Targets each loss is meant for: any reals, 0/1 and soft labels, one-hot, distributions with zeros. */
    private static float[] targets(LossKind loss, SplittableRandom random) {
        float[] y = new float[ROWS * OUTPUTS];
        for (int r = 0; r < ROWS; r++) {
            int row = r * OUTPUTS;
            switch (loss) {
                case MSE -> {
                    for (int k = 0; k < OUTPUTS; k++) {
                        y[row + k] = (float) random.nextGaussian();
                    }
                }
                case BINARY_CROSS_ENTROPY -> {
                    for (int k = 0; k < OUTPUTS; k++) {
                        y[row + k] = r % 2 == 0 ? random.nextInt(2) : (float) random.nextDouble();
                    }
                }
                case CROSS_ENTROPY -> y[row + random.nextInt(OUTPUTS)] = 1;
                case KL_DIVERGENCE -> {
                    int zero = random.nextInt(OUTPUTS);
                    float first = (float) random.nextDouble(0.1, 0.9);
                    y[row + (zero + 1) % OUTPUTS] = first;
                    y[row + (zero + 2) % OUTPUTS] = 1 - first;
                }
            }
        }
        return y;
    }

    private static double dot(double[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static String describe(Network network, int index) {
        for (int l = network.layerCount() - 1; l >= 0; l--) {
            if (index >= network.biasOffset(l)) {
                return "layer " + l + " bias " + (index - network.biasOffset(l));
            }
            if (index >= network.weightOffset(l)) {
                return "layer " + l + " weight " + (index - network.weightOffset(l));
            }
        }
        return "?";
    }
}
