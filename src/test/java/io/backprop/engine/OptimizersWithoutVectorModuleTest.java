package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optimizers and the ReLU derivatives on a JVM started without {@code --add-modules jdk.incubator.vector},
 * where the engine falls back to the reference kernel: they must not touch the Vector API then (loading
 * {@link VectorisedUpdates} or {@link VectorisedActivations} would fail). Every JVM the build starts has the
 * module, so this starts one of its own without it.
 */
class OptimizersWithoutVectorModuleTest {

    @Test
    void shouldTrainWithAdamAndMomentumAndReluWithoutTheVectorModule() throws IOException, InterruptedException {
        String output = ChildJvm.run(List.of(), WithoutVectorModule.class);

        assertThat(output).contains("kernel reference, adam and momentum updated, relu derivatives taken");
    }

    /** The child JVM's main: a few updates of each optimizer that has a vectorised loop, and both derivatives. */
    static final class WithoutVectorModule {
        public static void main(String[] args) {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                throw new IllegalStateException("started with the vector module");
            }
            int n = 100;
            float[] params = new float[n];
            float[] grads = new float[n];
            java.util.Arrays.fill(grads, 0.5f);
            for (Optimizer optimizer : List.of(new Adam(n, 0.9f, 0.999f, 1e-8f), new Sgd(n, 0.9f, true))) {
                for (int step = 0; step < 3; step++) {
                    optimizer.beginStep();
                    optimizer.update(params, grads, 0.01f, 0, n);
                }
            }
            if (!(params[n - 1] < 0)) {
                throw new IllegalStateException("the parameters did not move against the gradient: " + params[n - 1]);
            }
            float[] z = {-1f, 2f, -3f, 4f};
            float[] dZ = {1f, 1f, 1f, 1f};
            new Activation.Relu().derivativeRange(dZ, dZ, z, null, 0, 4);
            new Activation.LeakyRelu(0.5f).derivativeRange(dZ, dZ, z, null, 0, 4);
            if (dZ[0] != 0f || dZ[1] != 1f) {
                throw new IllegalStateException("wrong relu derivatives: " + java.util.Arrays.toString(dZ));
            }
            System.out.println("kernel " + Matrices.kernelName() + ", adam and momentum updated, relu derivatives taken");
        }
    }
}
