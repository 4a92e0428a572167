package io.backprop.engine;

import static io.backprop.engine.ActivationKind.LEAKY_RELU;
import static io.backprop.engine.ActivationKind.LINEAR;
import static io.backprop.engine.ActivationKind.RELU;
import static io.backprop.engine.ActivationKind.SIGMOID;
import static io.backprop.engine.ActivationKind.SOFTMAX;
import static io.backprop.engine.ActivationKind.TANH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkSpecTest {

    private static NetworkSpec spec(int inputSize, LossKind loss, InitializerKind initializer, LayerSpec... layers) {
        return new NetworkSpec(inputSize, Arrays.asList(layers), loss, initializer);
    }

    private static final NetworkSpec XOR = spec(2, LossKind.BINARY_CROSS_ENTROPY, InitializerKind.XAVIER,
            LayerSpec.of(4, TANH), LayerSpec.of(1, SIGMOID));

    @Test
    void shouldAcceptTheXorNetworkAndDescribeIt() {
        assertThat(XOR.violations()).isEmpty();
        assertThat(XOR.parameterCount()).isEqualTo(17);
        assertThat(XOR.outputSize()).isEqualTo(1);
        assertThat(XOR.isClassifier()).isTrue();
    }

    @Test
    void shouldCountParametersAsLongBeyondIntRange() {
        var huge = spec(100_000, LossKind.MSE, null, LayerSpec.of(100_000, LINEAR));
        assertThat(huge.parameterCount()).isEqualTo(10_000_100_000L);
        assertThatThrownBy(() -> Network.initialize(huge, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10000100000 parameters");
    }

    @Test
    void shouldTreatSoftmaxAndSigmoidOutputsAsClassifiers() {
        assertThat(spec(2, LossKind.CROSS_ENTROPY, null, LayerSpec.of(3, SOFTMAX)).isClassifier()).isTrue();
        assertThat(spec(2, LossKind.MSE, null, LayerSpec.of(3, SIGMOID)).isClassifier()).isTrue();
        assertThat(spec(2, LossKind.MSE, null, LayerSpec.of(3, SIGMOID), LayerSpec.of(1, LINEAR)).isClassifier())
                .isFalse();
    }

    @Test
    void shouldRefuseNonPositiveInputSize() {
        assertThat(spec(0, LossKind.MSE, null, LayerSpec.of(1, LINEAR)).violations())
                .containsExactly(new SpecViolation("inputSize", "must be greater than 0, got 0"));
    }

    @Test
    void shouldRequireAtLeastOneLayer() {
        assertThat(spec(2, LossKind.MSE, null).violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("layers");
                    assertThat(v.message()).contains("at least one layer");
                });
    }

    @Test
    void shouldRefuseNonPositiveUnitsNamingTheLayer() {
        assertThat(spec(2, LossKind.MSE, null, LayerSpec.of(4, TANH), LayerSpec.of(-1, LINEAR)).violations())
                .containsExactly(new SpecViolation("layers[1].units", "must be greater than 0, got -1"));
    }

    @Test
    void shouldAllowSoftmaxOnTheOutputLayerOnly() {
        assertThat(spec(2, LossKind.CROSS_ENTROPY, null, LayerSpec.of(4, SOFTMAX), LayerSpec.of(3, SOFTMAX))
                .violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("layers[0].activation");
                    assertThat(v.message()).startsWith("softmax is allowed on the output layer only");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "binary_cross_entropy"})
    void shouldRequireADistributionLossForASoftmaxOutput(String lossName) {
        var loss = LossKind.fromName(lossName).orElseThrow();
        assertThat(spec(2, loss, null, LayerSpec.of(3, SOFTMAX)).violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("loss");
                    assertThat(v.message()).contains(lossName)
                            .contains("softmax output needs cross_entropy or kl_divergence");
                });
    }

    @Test
    void shouldRequireASigmoidOutputForBinaryCrossEntropy() {
        assertThat(spec(2, LossKind.BINARY_CROSS_ENTROPY, null, LayerSpec.of(1, TANH)).violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("loss");
                    assertThat(v.message()).contains("binary_cross_entropy needs a sigmoid output layer")
                            .contains("tanh");
                });
    }

    @Test
    void shouldRequireASoftmaxOutputForCrossEntropyAndKlDivergence() {
        assertThat(spec(2, LossKind.CROSS_ENTROPY, null, LayerSpec.of(3, SIGMOID)).violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("loss");
                    assertThat(v.message()).contains("cross_entropy compares probability distributions")
                            .contains("needs a softmax output layer").contains("sigmoid");
                });
        assertThat(spec(2, LossKind.KL_DIVERGENCE, null, LayerSpec.of(3, LINEAR)).violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("loss");
                    assertThat(v.message()).contains("kl_divergence").contains("needs a softmax output layer");
                });
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, -0.5f})
    void shouldRefuseALeakyReluAlphaThatIsNotFiniteAndNonNegative(float alpha) {
        assertThat(spec(2, LossKind.MSE, null, new LayerSpec(4, LEAKY_RELU, alpha), LayerSpec.of(1, LINEAR))
                .violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("layers[0].alpha");
                    assertThat(v.message()).contains("finite number >= 0");
                });
    }

    @Test
    void shouldIgnoreAlphaOfOtherActivations() {
        assertThat(spec(2, LossKind.MSE, null, new LayerSpec(4, RELU, Float.NaN), LayerSpec.of(1, LINEAR))
                .violations()).isEmpty();
    }

    @Test
    void shouldRefuseZerosInitializerWithHiddenLayers() {
        assertThat(spec(2, LossKind.MSE, InitializerKind.ZEROS, LayerSpec.of(4, TANH), LayerSpec.of(1, LINEAR))
                .violations())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("initializer");
                    assertThat(v.message()).startsWith("zeros").contains("symmetry: hidden units would never differ");
                });
    }

    @Test
    void shouldAllowZerosInitializerWithoutHiddenLayers() {
        assertThat(spec(2, LossKind.MSE, InitializerKind.ZEROS, LayerSpec.of(1, LINEAR)).violations()).isEmpty();
    }

    @Test
    void shouldReportMissingPartsInsteadOfThrowing() {
        var spec = new NetworkSpec(2, Arrays.asList(new LayerSpec(3, null, 0.01f), null), null, null);
        assertThat(spec.violations()).extracting(SpecViolation::field)
                .containsExactly("layers[0].activation", "layers[1]", "loss");
        assertThat(new NetworkSpec(2, null, LossKind.MSE, null).violations())
                .extracting(SpecViolation::field).containsExactly("layers");
    }

    @Test
    void shouldReportEveryViolationAtOnce() {
        var spec = spec(0, LossKind.MSE, InitializerKind.ZEROS, LayerSpec.of(0, SOFTMAX), LayerSpec.of(2, SOFTMAX));
        assertThat(spec.violations()).extracting(SpecViolation::field)
                .containsExactly("inputSize", "layers[0].units", "layers[0].activation", "loss", "initializer");
    }

    @Test
    void shouldThrowAllViolationsFromRequireValid() {
        var spec = spec(0, LossKind.MSE, null, LayerSpec.of(0, LINEAR));
        assertThatThrownBy(spec::requireValid)
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations())
                        .extracting(SpecViolation::field).containsExactly("inputSize", "layers[0].units"))
                .hasMessageContaining("inputSize: must be greater than 0");
        assertThatThrownBy(() -> Network.initialize(spec, 1)).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> Network.fromParameters(spec, new float[0])).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void shouldNotBeChangedThroughTheGivenList() {
        var layers = new java.util.ArrayList<>(List.of(LayerSpec.of(1, LINEAR)));
        var spec = new NetworkSpec(2, layers, LossKind.MSE, null);
        layers.add(LayerSpec.of(5, LINEAR));
        assertThat(spec.layers()).hasSize(1);
        assertThatThrownBy(() -> spec.layers().add(LayerSpec.of(1, LINEAR)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
