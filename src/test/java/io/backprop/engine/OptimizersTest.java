package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptimizersTest {

    @Test
    void shouldBuildEachOptimizerByName() {
        assertThat(Optimizers.create(OptimizerOptions.sgd(), 3)).isInstanceOf(Sgd.class)
                .extracting(Optimizer::name).isEqualTo("sgd");
        assertThat(Optimizers.create(OptimizerOptions.defaults("adam"), 3)).isInstanceOf(Adam.class)
                .extracting(Optimizer::name).isEqualTo("adam");
        assertThat(Optimizers.create(OptimizerOptions.defaults("rmsprop"), 3)).isInstanceOf(RmsProp.class)
                .extracting(Optimizer::name).isEqualTo("rmsprop");
    }

    @Test
    void shouldRefuseAnUnknownName() {
        var options = new OptimizerOptions("adagrad", 0, false, 0.9f, 0.999f, 1e-8f, 0.99f);
        assertThatThrownBy(() -> Optimizers.create(options, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adagrad").hasMessageContaining("sgd, adam, rmsprop");
        assertThatThrownBy(() -> OptimizerOptions.defaults("Adam")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDefaultAsPyTorch() {
        assertThat(OptimizerOptions.sgd()).isEqualTo(new OptimizerOptions("sgd", 0f, false, 0.9f, 0.999f, 1e-8f, 0.99f));
        assertThat(OptimizerOptions.defaults("adam")).satisfies(adam -> {
            assertThat(adam.beta1()).isEqualTo(0.9f);
            assertThat(adam.beta2()).isEqualTo(0.999f);
            assertThat(adam.epsilon()).isEqualTo(1e-8f);
        });
        assertThat(OptimizerOptions.defaults("rmsprop")).satisfies(rmsprop -> {
            assertThat(rmsprop.rho()).isEqualTo(0.99f);
            assertThat(rmsprop.epsilon()).isEqualTo(1e-8f);
        });
    }

    @Test
    void shouldPassTheHyperparametersThrough() {
        var momentum = new OptimizerOptions("sgd", 0.9f, true, 0.9f, 0.999f, 1e-8f, 0.99f);
        assertThat(Optimizers.create(momentum, 4).state().values()).hasSize(4);
        var badBeta = new OptimizerOptions("adam", 0f, false, 0.9f, 1.5f, 1e-8f, 0.99f);
        assertThatThrownBy(() -> Optimizers.create(badBeta, 4)).hasMessageContaining("beta2");
    }

    @Test
    void shouldExportTheStateAsACopyInTheDocumentedLayout() {
        var adam = Optimizers.create(OptimizerOptions.defaults("adam"), 2);
        adam.step(new float[2], new float[] {1f, -1f}, 0.1f);

        var state = adam.state();
        state.values()[0] = 42f; // the copy is the caller's

        // m = 0.1·g, then v = 0.001·g²
        assertThat(adam.state().values()).containsExactly(0.1f, -0.1f, 0.001f, 0.001f);
        assertThat(Optimizers.create(OptimizerOptions.defaults("rmsprop"), 2).state().values()).hasSize(2);
    }

    @Test
    void shouldRefuseToRestoreAnotherOptimizersOrSizesState() {
        var adam = Optimizers.create(OptimizerOptions.defaults("adam"), 2);
        var rmsprop = Optimizers.create(OptimizerOptions.defaults("rmsprop"), 2);
        assertThatThrownBy(() -> adam.restore(rmsprop.state())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adam").hasMessageContaining("rmsprop");
        assertThatThrownBy(() -> adam.restore(new OptimizerState("adam", 1, new float[3])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 values");
        assertThatThrownBy(() -> new Sgd().restore(new OptimizerState("sgd", 0, new float[2])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseParametersOfAnotherSize() {
        var adam = Optimizers.create(OptimizerOptions.defaults("adam"), 2);
        assertThatThrownBy(() -> adam.step(new float[3], new float[3], 0.1f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built for 2 parameters");
    }
}
