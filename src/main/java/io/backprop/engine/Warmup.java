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

    /**
     * Trains 784-256-128-10 networks on random data for about {@code steps} mini-batches: a quarter of them
     * of 128 rows on dense inputs with a tanh layer and SGD with momentum, a quarter of 128 rows on image-like
     * inputs (half of each row zero) with ReLU layers and plain SGD, so that the kernels that skip the zeros
     * of images are compiled too, and half of 32 rows on image-like inputs with Adam. So every optimizer loop
     * a job is likely to take has run before it: a branch never taken in the warm-up is compiled as a trap,
     * and taking it recompiles the step. Each epoch ends on a shorter batch, as real datasets' do. The small
     * batches are there for the count: the step's own methods (unlike the kernels, whose loops get them
     * compiled early) reach C2 only after a few thousand calls. With 200 steps of 128 rows, the first
     * Fashion-MNIST job's first epoch took 0.95–1.1 s against ~0.55 s for the next ones, which recompiled the
     * step while they ran; with 1,000 steps, about as long as the next. Then, the kernels compiled, it has the
     * kernel time its choices on this host ({@link Matrices#tuneToThisHost}) and returns what that found.
     */
    public static String run(int steps) {
        var momentum = new OptimizerOptions("sgd", 0.9f, false, 0.9f, 0.999f, 1e-8f, 0.99f);
        train(ActivationKind.TANH, false, momentum, 128, steps / 4);
        train(ActivationKind.RELU, true, OptimizerOptions.defaults("sgd"), 128, steps / 4);
        Network network = train(ActivationKind.RELU, true, OptimizerOptions.defaults("adam"), 32, steps - 2 * (steps / 4));
        float[] out = new float[10];
        float[] one = new float[784];
        var random = new SplittableRandom(2);
        for (int i = 0; i < 2000; i++) {
            for (int j = 0; j < one.length; j++) {
                one[j] = i % 2 == 0 || j % 4 == 0 ? (float) random.nextDouble() : 0f;
            }
            network.predict(one, 1, out);
        }
        if (StepProfile.ENABLED) { // the warm-up's steps are not a job's
            StepProfile.SHARED.reset();
        }
        return Matrices.tuneToThisHost();
    }

    private static Network train(ActivationKind second, boolean imageLike, OptimizerOptions options, int batch,
                                 int steps) {
        NetworkSpec spec = new NetworkSpec(784, List.of(LayerSpec.of(256, ActivationKind.RELU),
                LayerSpec.of(128, second), LayerSpec.of(10, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        Network network = Network.initialize(spec, 1);
        int rows = 2 * batch + batch / 2; // two whole batches and a half one an epoch
        var random = new SplittableRandom(1);
        float[] x = new float[rows * 784];
        float[] y = new float[rows * 10];
        for (int r = 0; r < rows; r++) {
            int band = random.nextInt(392); // image-like: a band of 392 zero pixels, as around a garment
            for (int i = 0; i < 784; i++) {
                boolean zero = imageLike && i >= band && i < band + 392;
                x[r * 784 + i] = zero ? 0f : (float) random.nextDouble();
            }
            y[r * 10 + random.nextInt(10)] = 1;
        }
        Optimizer optimizer = Optimizers.create(options, network.parameters().length);
        int epochs = Math.max(1, steps / 3);
        float learningRate = options.name().equals("adam") ? 0.001f : 0.01f;
        new Trainer(network, optimizer).fit(x, y, rows, new TrainingOptions(epochs, learningRate, batch, true, 1), epoch -> { },
                () -> false);
        return network;
    }
}
