package io.backprop.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs the engine's hot paths (every matrix-product form, activations, losses, an optimizer step,
 * single-row prediction) on a throw-away network, so that the JIT has compiled them before the
 * first real job or prediction: the first calls run interpreted and take hundreds of milliseconds.
 */
public final class Warmup {

    private Warmup() {
    }

    /** Trains a 784-256-128-10 network on random data for about {@code steps} mini-batches of 128 rows. */
    public static void run(int steps) {
        NetworkSpec spec = new NetworkSpec(784, List.of(LayerSpec.of(256, ActivationKind.RELU),
                LayerSpec.of(128, ActivationKind.TANH), LayerSpec.of(10, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        Network network = Network.initialize(spec, 1);
        int rows = 256;
        var random = new SplittableRandom(1);
        float[] x = new float[rows * 784];
        float[] y = new float[rows * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int r = 0; r < rows; r++) {
            y[r * 10 + random.nextInt(10)] = 1;
        }
        Optimizer optimizer = Optimizers.create(new OptimizerOptions("sgd", 0.9f, false, 0.9f, 0.999f, 1e-8f, 0.99f),
                network.parameters().length);
        int epochs = Math.max(1, steps / (rows / 128));
        new Trainer(network, optimizer).fit(x, y, rows, new TrainingOptions(epochs, 0.01f, 128, true, 1), epoch -> { },
                () -> false);
        float[] out = new float[10];
        float[] one = new float[784];
        for (int i = 0; i < 2000; i++) {
            System.arraycopy(x, (i % rows) * 784, one, 0, 784);
            network.predict(one, 1, out);
        }
    }
}
