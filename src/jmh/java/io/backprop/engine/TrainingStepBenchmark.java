package io.backprop.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training step of the MLP 784-256-128-10 (ReLU, softmax + cross-entropy) as the trainer runs it: a
 * shuffled batch gathered from 60,000 rows of the size of Fashion-MNIST, forward, backward, update. One
 * operation is one step; samples/s = ops/s × batch. Nothing else in the step's time is left out, and
 * nothing is added (no epoch bookkeeping).
 *
 * <p>{@code data}: {@code fashion-mnist} trains on the real images (Debian's dataset-fashion-mnist, pixels
 * scaled to [0, 1], half of them zero, which the kernels skip where a tile's rows share them), {@code uniform}
 * on uniform random pixels, none zero: the dense case, the kernels' worst.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class TrainingStepBenchmark {

    private static final int ROWS = 60_000;
    private static final int INPUTS = 784;
    private static final int CLASSES = 10;

    @Param({"128", "32"})
    public int batch;

    @Param({"sgd", "momentum", "adam"})
    public String optimizer;

    @Param({"fashion-mnist", "uniform"})
    public String data;

    private static final Path IMAGES = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    private static final Path LABELS = Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz");

    private TrainingStep step;
    private RowWeightedMeans means;
    private int[] order;
    private int first;
    private float learningRate;

    @Setup
    public void setUp() throws IOException {
        var spec = new NetworkSpec(INPUTS, List.of(LayerSpec.of(256, ActivationKind.RELU),
                LayerSpec.of(128, ActivationKind.RELU), LayerSpec.of(CLASSES, ActivationKind.SOFTMAX)),
                LossKind.CROSS_ENTROPY, null);
        var network = Network.initialize(spec, 1);
        var random = new SplittableRandom(1);
        float[] x = new float[ROWS * INPUTS];
        float[] y = new float[ROWS * CLASSES];
        if (data.equals("fashion-mnist")) {
            byte[] pixels = idx(IMAGES, 16, ROWS * INPUTS);
            byte[] labels = idx(LABELS, 8, ROWS);
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[i] & 0xff) / 255f;
            }
            for (int r = 0; r < ROWS; r++) {
                y[r * CLASSES + labels[r]] = 1;
            }
        } else {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextDouble(); // pixels scaled to [0, 1]
            }
            for (int r = 0; r < ROWS; r++) {
                y[r * CLASSES + random.nextInt(CLASSES)] = 1;
            }
        }
        int parameters = network.parameters().length;
        var chosen = switch (optimizer) {
            case "momentum" -> new Sgd(parameters, 0.9f, false);
            default -> Optimizers.create(OptimizerOptions.defaults(optimizer), parameters);
        };
        learningRate = optimizer.equals("adam") ? 0.001f : 0.01f;
        step = new TrainingStep(network, chosen, x, y, batch, TrainingStep.partsFor(network, batch));
        means = new RowWeightedMeans(true);
        var rowOrder = new RowOrder(ROWS, 0, true, 1);
        rowOrder.nextEpoch();
        order = rowOrder.order();
    }

    /** The {@code count} bytes after an IDX file's header of {@code header} bytes. */
    private static byte[] idx(Path file, int header, int count) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: apt-get install dataset-fashion-mnist, or -p data=uniform");
        }
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            in.readNBytes(header);
            return in.readNBytes(count);
        }
    }

    @Benchmark
    public void step() {
        if (first + batch > ROWS) {
            first = 0;
            means.reset();
        }
        step.train(order, first, batch, learningRate, 0, means);
        first += batch;
    }
}
