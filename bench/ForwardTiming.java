import io.backprop.engine.ActivationKind;
import io.backprop.engine.InitializerKind;
import io.backprop.engine.LayerSpec;
import io.backprop.engine.LossKind;
import io.backprop.engine.Network;
import io.backprop.engine.NetworkSpec;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Single-sample forward pass of 784-256-128-10 (relu, relu, softmax) in process, through the engine's
 * public {@code Network.predict(inputs, 1, outputs)} — the call GET /predict makes. A plain nanoTime
 * loop, not JMH: after a warm-up long enough for C2, it times batches of calls and prints the median
 * and the best batch's time per call, for three inputs, since a single row skips the zero entries of
 * its input: the first Fashion-MNIST test image (the one bench/predict.sh sends; 50 % of its pixels are
 * zero), a synthetic one with a third of its entries zero, and a dense one with none (the worst case).
 * Run by bench/predict.sh against the jar's own classes:
 * {@code java --add-modules jdk.incubator.vector -cp <BOOT-INF/classes> bench/ForwardTiming.java <t10k-images-idx3-ubyte.gz>}
 */
public class ForwardTiming {
    public static void main(String[] args) throws IOException {
        NetworkSpec spec = new NetworkSpec(784, List.of(
                LayerSpec.of(256, ActivationKind.RELU), LayerSpec.of(128, ActivationKind.RELU),
                LayerSpec.of(10, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, InitializerKind.HE);
        Network network = Network.initialize(spec, 1);
        SplittableRandom random = new SplittableRandom(7);
        float[] synthetic = new float[784];
        float[] dense = new float[784];
        for (int i = 0; i < 784; i++) {
            synthetic[i] = random.nextInt(3) == 0 ? 0f : (float) random.nextDouble();
            dense[i] = 0.05f + (float) random.nextDouble();
        }
        time(network, "the first test image", firstImage(Path.of(args[0])));
        time(network, "a third zero", synthetic);
        time(network, "dense, no zero", dense);
    }

    private static void time(Network network, String name, float[] input) {
        float[] output = new float[10];
        int calls = 20_000;
        double sink = 0;
        long warmUpEnd = System.nanoTime() + 5_000_000_000L; // 5 s
        while (System.nanoTime() < warmUpEnd) {
            for (int i = 0; i < 1000; i++) network.predict(input, 1, output);
            sink += output[0];
        }
        double[] perCall = new double[25];
        for (int b = 0; b < perCall.length; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                input[i & 511] += 0f; // keeps the loop from being hoisted; the input is unchanged
                network.predict(input, 1, output);
                sink += output[i % 10];
            }
            perCall[b] = (System.nanoTime() - t0) / 1e3 / calls;
        }
        Arrays.sort(perCall);
        long zeros = 0;
        for (float v : input) zeros += v == 0f ? 1 : 0;
        System.out.printf("single-sample forward in process (784-256-128-10), %s (%d of 784 inputs zero): median %.2f us, "
                + "best %.2f us per call (%d batches of %d calls after a 5 s warm-up)%s%n", name, zeros,
                perCall[perCall.length / 2], perCall[0], perCall.length, calls, sink == 42 ? " " : "");
    }

    /** The first image of an IDX file of images (gzipped), scaled to [0, 1] as the benchmarks send it. */
    private static float[] firstImage(Path idx) throws IOException {
        try (var in = new DataInputStream(new GZIPInputStream(Files.newInputStream(idx)))) {
            in.skipNBytes(16); // magic, count, rows, columns
            float[] pixels = new float[784];
            for (int i = 0; i < 784; i++) {
                pixels[i] = in.readUnsignedByte() / 255f;
            }
            return pixels;
        }
    }
}
