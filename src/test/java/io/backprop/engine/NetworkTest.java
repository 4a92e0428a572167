package io.backprop.engine;

import static io.backprop.engine.ActivationKind.LINEAR;
import static io.backprop.engine.ActivationKind.RELU;
import static io.backprop.engine.ActivationKind.SIGMOID;
import static io.backprop.engine.ActivationKind.SOFTMAX;
import static io.backprop.engine.ActivationKind.TANH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class NetworkTest {

    private static final NetworkSpec XOR = new NetworkSpec(2, List.of(LayerSpec.of(4, TANH), LayerSpec.of(1, SIGMOID)),
            LossKind.BINARY_CROSS_ENTROPY, null);

    @Test
    void shouldLayOutEachLayerAsWeightsThenBiases() {
        var network = Network.initialize(XOR, 1);
        assertThat(network.parameters()).hasSize(17);
        assertThat(List.of(network.weightOffset(0), network.biasOffset(0), network.weightOffset(1),
                network.biasOffset(1))).containsExactly(0, 8, 12, 16);
    }

    @Test
    void shouldComputeTheForwardPassWithWeightsStoredInputMajor() {
        // Given 2 inputs → 2 relu units → 1 linear unit, W[i·out + j] = weight from input i to unit j
        var spec = new NetworkSpec(2, List.of(LayerSpec.of(2, RELU), LayerSpec.of(1, LINEAR)), LossKind.MSE, null);
        float[] params = {
                1, -1, // from input 0 to units 0, 1
                2, 0.5f, // from input 1 to units 0, 1
                0.5f, -0.25f, // biases
                2, 3, // from hidden units 0, 1 to the output
                1}; // output bias
        var network = Network.fromParameters(spec, params);
        float[] outputs = new float[2];

        // When
        network.predict(new float[] {1, 2, 0, 0}, 2, outputs);

        // Then z = (1 + 4 + 0.5, −1 + 1 − 0.25) → relu (5.5, 0) → 2·5.5 + 1; and (0.5, −0.25) → (0.5, 0) → 2
        assertThat(outputs).containsExactly(12f, 2f);
    }

    @Test
    void shouldGiveSoftmaxOutputsThatSumToOneEvenForHugeLogits() {
        var spec = new NetworkSpec(1, List.of(LayerSpec.of(3, SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        var network = Network.fromParameters(spec, new float[] {1000, 0, -1000, 0, 0, 0});
        float[] outputs = new float[3];
        network.predict(new float[] {1}, 1, outputs);
        assertThat(outputs).containsExactly(1f, 0f, 0f);
    }

    @Test
    void shouldInitializeIdenticallyFromTheSameSeedAndDifferentlyFromAnother() {
        assertThat(Network.initialize(XOR, 42).parameters()).isEqualTo(Network.initialize(XOR, 42).parameters());
        assertThat(Network.initialize(XOR, 42).parameters()).isNotEqualTo(Network.initialize(XOR, 43).parameters());
    }

    @Test
    void shouldStartBiasesAtZero() {
        var network = Network.initialize(XOR, 7);
        assertThat(network.parameters()[network.biasOffset(0)]).isZero();
        assertThat(network.parameters()[network.biasOffset(1)]).isZero();
    }

    @Test
    void shouldDrawXavierWithinTheGlorotBound() {
        var network = Network.initialize(oneLayer(200, 300, TANH, InitializerKind.XAVIER), 1);
        double bound = Math.sqrt(6.0 / 500);
        var stats = weightStats(network, 0);
        assertThat(stats.maxAbs()).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
        assertThat(stats.std()).isCloseTo(bound / Math.sqrt(3), within(0.02 * bound)); // std of U(−a, a)
    }

    @Test
    void shouldDrawHeLecunAndSmallRandomWithTheirStandardDeviations() {
        assertThat(weightStats(Network.initialize(oneLayer(200, 300, RELU, InitializerKind.HE), 1), 0).std())
                .isCloseTo(Math.sqrt(2.0 / 200), within(0.02 * Math.sqrt(2.0 / 200)));
        assertThat(weightStats(Network.initialize(oneLayer(200, 300, TANH, InitializerKind.LECUN), 1), 0).std())
                .isCloseTo(Math.sqrt(1.0 / 200), within(0.02 * Math.sqrt(1.0 / 200)));
        assertThat(weightStats(Network.initialize(oneLayer(200, 300, TANH, InitializerKind.SMALL_RANDOM), 1), 0).std())
                .isCloseTo(0.01, within(0.0002));
        assertThat(weightStats(Network.initialize(oneLayer(20, 30, LINEAR, InitializerKind.ZEROS), 1), 0).maxAbs())
                .isZero();
    }

    @Test
    void shouldDefaultToHeForReluLayersAndXavierForOthers() {
        var spec = new NetworkSpec(200, List.of(LayerSpec.of(300, RELU), LayerSpec.of(100, TANH)), LossKind.MSE, null);
        var network = Network.initialize(spec, 1);
        assertThat(weightStats(network, 0).std()).isCloseTo(Math.sqrt(2.0 / 200), within(0.002));
        assertThat(weightStats(network, 1).maxAbs()).isLessThanOrEqualTo(Math.sqrt(6.0 / 400));
    }

    @Test
    void shouldCopyParametersGivenToFromParameters() {
        float[] params = new float[17];
        var network = Network.fromParameters(XOR, params);
        params[0] = 5;
        assertThat(network.parameters()[0]).isZero();
    }

    @Test
    void shouldRefuseParametersOfTheWrongLength() {
        assertThatThrownBy(() -> Network.fromParameters(XOR, new float[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 17 parameters for this network, got 16");
    }

    @Test
    void shouldRefuseInputsOrOutputsOfTheWrongLength() {
        var network = Network.initialize(XOR, 1);
        assertThatThrownBy(() -> network.predict(new float[3], 2, new float[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 inputs and 2 outputs");
        assertThatThrownBy(() -> network.predict(new float[4], 2, new float[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPredictManyRowsConcurrentlyAsOneAtATimeWithoutTouchingParameters() throws Exception {
        var spec = new NetworkSpec(3, List.of(LayerSpec.of(8, RELU), LayerSpec.of(6, TANH), LayerSpec.of(4, SOFTMAX)),
                LossKind.CROSS_ENTROPY, null);
        var network = Network.initialize(spec, 3);
        float[] before = network.parameters().clone();
        int rows = 2500; // spans several predict chunks
        float[] inputs = new float[rows * 3];
        var random = new SplittableRandom(5);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextGaussian();
        }
        float[] oneAtATime = new float[rows * 4];
        for (int r = 0; r < rows; r++) {
            float[] out = new float[4];
            network.predict(java.util.Arrays.copyOfRange(inputs, r * 3, r * 3 + 3), 1, out);
            System.arraycopy(out, 0, oneAtATime, r * 4, 4);
        }

        try (var executor = Executors.newFixedThreadPool(8)) {
            var results = new ArrayList<Future<float[]>>();
            for (int t = 0; t < 8; t++) {
                results.add(executor.submit((Callable<float[]>) () -> {
                    float[] outputs = new float[rows * 4];
                    network.predict(inputs, rows, outputs);
                    return outputs;
                }));
            }
            // The fast kernel sums in a different order for one row than for a block of rows, so a batch
            // agrees with single rows to float rounding; concurrent batches agree with each other exactly.
            float[] first = results.getFirst().get();
            assertThat(first).containsExactly(oneAtATime, org.assertj.core.data.Offset.offset(1e-6f));
            for (var result : results) {
                assertThat(result.get()).isEqualTo(first);
            }
        }
        assertThat(network.parameters()).isEqualTo(before);
    }

    private static NetworkSpec oneLayer(int in, int out, ActivationKind activation, InitializerKind initializer) {
        return new NetworkSpec(in, List.of(LayerSpec.of(out, activation)), LossKind.MSE, initializer);
    }

    private record Stats(double std, double maxAbs) {
    }

    private static Stats weightStats(Network network, int layer) {
        int from = network.weightOffset(layer);
        int to = network.biasOffset(layer);
        double sum = 0;
        double squares = 0;
        double maxAbs = 0;
        for (int i = from; i < to; i++) {
            double w = network.parameters()[i];
            sum += w;
            squares += w * w;
            maxAbs = Math.max(maxAbs, Math.abs(w));
        }
        int n = to - from;
        double mean = sum / n;
        return new Stats(Math.sqrt(squares / n - mean * mean), maxAbs);
    }
}
