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
     * inputs ({@link #garment}) with ReLU layers and plain SGD, so that the kernels that skip the zeros
     * of images are compiled too, and half of 32 rows on image-like inputs with Adam. So every optimizer loop
     * a job is likely to take has run before it: a branch never taken in the warm-up is compiled as a trap,
     * and taking it recompiles the step. Each epoch ends on a shorter batch, as real datasets' do. The small
     * batches are there for the count: the step's own methods (unlike the kernels, whose loops get them
     * compiled early) reach C2 only after a few thousand calls. With 200 steps of 128 rows, the first
     * Fashion-MNIST job's first epoch took 0.95–1.1 s against ~0.55 s for the next ones, which recompiled the
     * step while they ran; with 1,000 steps, about as long as the next. After the dense training it has the kernel
     * time its choices on this host ({@link Matrices#tuneToThisHost}), and returns what that found. On a Zen 5
     * host, in process, the first two epochs of the first Fashion-MNIST run took 1.30-1.64 s with the timing
     * last and a band of zeros for images, against 0.96-1.31 s now (four alternating pairs; the next epochs
     * ~0.3-0.45 s). What is left is the step's own methods, which still reach C2 during the first epochs, and
     * {@code ZeroRuns.choose}, recompiled once its last branches are taken; that is cheap since its loops are
     * methods of their own (see ZeroRuns#markRows; in process, the first run's first two epochs then took
     * 419-449 ms against ~300 for the third). 3,000 steps instead of 1,000 took 9.1-9.9 s against 5.7 and did
     * not tell from it on a drifting host.
     */
    public static String run(int steps) {
        var momentum = new OptimizerOptions("sgd", 0.9f, false, 0.9f, 0.999f, 1e-8f, 0.99f);
        train(ActivationKind.TANH, false, momentum, 128, 64, steps / 4);
        // The dense kernels compiled, the kernel times its zero-skipping tiles against them, and the image-like
        // trainings then take the tiles and choices a job will: had the timing come last, its calls alone would
        // have shaped the tiles' profiles, and a job's first batches would have hit branches compiled as traps.
        String tuned = Matrices.tuneToThisHost();
        // 96: Fashion-MNIST's last batch of 128, a whole number of six-row tiles, as no other batch here is
        train(ActivationKind.RELU, true, OptimizerOptions.defaults("sgd"), 128, 96, steps / 4);
        Network network = train(ActivationKind.RELU, true, OptimizerOptions.defaults("adam"), 32, 16,
                steps - 2 * (steps / 4));
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
        return tuned;
    }

    private static Network train(ActivationKind second, boolean imageLike, OptimizerOptions options, int batch,
                                 int tail, int steps) {
        NetworkSpec spec = new NetworkSpec(784, List.of(LayerSpec.of(256, ActivationKind.RELU),
                LayerSpec.of(128, second), LayerSpec.of(10, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        Network network = Network.initialize(spec, 1);
        int rows = 2 * batch + tail; // two whole batches and a shorter one an epoch
        var random = new SplittableRandom(1);
        float[] x = new float[rows * 784];
        float[] y = new float[rows * 10];
        for (int r = 0; r < rows; r++) {
            if (imageLike) {
                garment(random, x, r * 784);
            } else {
                for (int i = 0; i < 784; i++) {
                    x[r * 784 + i] = (float) random.nextDouble();
                }
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

    /**
     * A 28 × 28 image like Fashion-MNIST's: a garment of random width and height about the middle, a tenth of
     * the pixels inside it zero and all those outside. Its rows' zeros then fall where real images' do (top,
     * bottom and sides), so the tiles and groupings that skip them take the branches a real job takes: a branch
     * the warm-up never took is compiled as a trap, and the first real batch that takes it sends the kernels
     * back to the interpreter while they recompile. (A band of 392 zeros at a random place, used before, left
     * the runs tile and rowsOnPanel's six-row split to such traps.)
     */
    private static void garment(SplittableRandom random, float[] x, int at) {
        int width = 8 + random.nextInt(21);
        int height = 10 + random.nextInt(19);
        int left = (28 - width) / 2 + random.nextInt(-1, 2);
        int top = (28 - height) / 2 + random.nextInt(-1, 2);
        for (int row = 0; row < 28; row++) {
            for (int column = 0; column < 28; column++) {
                boolean inside = row >= top && row < top + height && column >= left && column < left + width;
                x[at + row * 28 + column] = inside && random.nextInt(10) != 0 ? (float) random.nextDouble() : 0f;
            }
        }
    }
}
