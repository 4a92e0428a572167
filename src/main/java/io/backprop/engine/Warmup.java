package io.backprop.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs the engine's hot paths (every matrix-product form, activations, losses, an optimizer step,
 * single-row prediction) on a throw-away network, so that the JIT has compiled them before the
 * first real job or prediction: the first calls run interpreted and take hundreds of milliseconds.
 */
public final class Warmup {

    /** Rows of the small steps' batches: the fewest that a step still splits between two parts. */
    private static final int SMALL_BATCH = TrainingStep.MIN_SPLIT_ROWS;
    /** Small steps per step of {@link #run}'s budget (see {@link #callTheStepOften}). */
    private static final int SMALL_STEPS_PER_STEP = 8;

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
     * ~0.3-0.45 s). 3,000 steps instead of 1,000 took 9.1-9.9 s against 5.7 and did not tell from it on a
     * drifting host. What those steps left for the first jobs, the step's own methods and {@code ZeroRuns}' choice,
     * which C2 compiled only after thousands of calls, is called often at the end, cheaply (see
     * {@link #callTheStepOften} and {@link #markOften}): on an Intel host that took the warm-up from 3.3-3.9 s to
     * 4.9-5.0 s, and the first in-process run's first epoch from 408-430 ms to 373 (the next ones ~315-360).
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
        callTheStepOften(SMALL_STEPS_PER_STEP * steps);
        markOften(SMALL_STEPS_PER_STEP * steps);
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

    /**
     * Runs {@code calls} steps of {@link #SMALL_BATCH} image-like rows, half with SGD and half with Adam, on two
     * parts as a job's steps run. The step's own methods (a step's entry, its output layer, the update's head)
     * run once or twice a step and loop little, so C2 compiles them only after about 5,000 calls
     * (Tier4InvocationThreshold): after the 1,000 steps above, during a service's first jobs. There a compile
     * took a core from the step for 35-90 ms at a time, and it showed: a Fashion-MNIST job's first epoch at
     * batch 128 took 448-504 ms while the step's methods were compiled, against 362-383 ms once they were (an
     * Intel host, JFR's compilation events against each job's epochs). Small steps are cheaper calls: a step of
     * eight rows took ~140 µs against ~700 for 128 rows (8,000 of them 1.1-1.2 s), mostly the update's pass over
     * the parameters.
     */
    private static void callTheStepOften(int calls) {
        NetworkSpec spec = spec(ActivationKind.RELU);
        int rows = 8 * SMALL_BATCH;
        var random = new SplittableRandom(3);
        float[] x = garments(random, rows);
        float[] y = new float[rows * 10];
        int[] order = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r * 10 + random.nextInt(10)] = 1;
            order[r] = r;
        }
        var means = new RowWeightedMeans(true);
        for (String name : List.of("sgd", "adam")) {
            Network network = Network.initialize(spec, 3);
            var options = OptimizerOptions.defaults(name);
            Optimizer optimizer = Optimizers.create(options, network.parameters().length);
            float learningRate = name.equals("adam") ? 0.001f : 0.01f;
            int parts = TrainingStep.partsFor(network, SMALL_BATCH);
            try (var step = new TrainingStep(network, optimizer, x, y, SMALL_BATCH, parts)) {
                for (int i = 0; i < calls / 2; i++) {
                    means.reset();
                    step.train(order, i % 8 * SMALL_BATCH, SMALL_BATCH, learningRate, 0, means);
                }
            }
        }
    }

    /**
     * Marks the zeros of image-like blocks of 128 rows and half the pixels {@code calls} times, as a batch-128
     * step's parts do: the small steps above have too few rows to mark theirs. {@code ZeroRuns}' choice, its
     * sort and its grouping otherwise reached C2 during the first job's first 80 steps, which then took 2-7 ms
     * each against ~0.7.
     */
    private static void markOften(int calls) {
        int rows = 128;
        float[] x = garments(new SplittableRandom(4), rows);
        var runs = new ZeroRuns(rows, 392);
        // every outcome of the choice, whatever this host's costs make of garments: a branch C2 never saw taken
        // is compiled as a trap, and a real job's first batches would take it (Fashion-MNIST's top halves chose
        // pairs where these garments never did)
        var costs = List.of(ZeroRuns.costs(), ZeroRuns.Costs.PAIRS, ZeroRuns.Costs.FOURS, ZeroRuns.Costs.DENSE);
        for (int i = 0; i < calls; i++) {
            runs.mark(x, i % 2 * 392, 784, rows, 392, costs.get(i / 2 % costs.size()));
        }
    }

    /** {@code rows} image-like rows of 784 pixels (see {@link #garment}). */
    private static float[] garments(SplittableRandom random, int rows) {
        float[] x = new float[rows * 784];
        for (int r = 0; r < rows; r++) {
            garment(random, x, r * 784);
        }
        return x;
    }

    private static NetworkSpec spec(ActivationKind second) {
        return new NetworkSpec(784, List.of(LayerSpec.of(256, ActivationKind.RELU),
                LayerSpec.of(128, second), LayerSpec.of(10, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
    }

    private static Network train(ActivationKind second, boolean imageLike, OptimizerOptions options, int batch,
                                 int tail, int steps) {
        Network network = Network.initialize(spec(second), 1);
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
