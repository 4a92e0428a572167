import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.backprop.engine.ActivationKind;
import io.backprop.engine.LayerSpec;
import io.backprop.engine.LossKind;
import io.backprop.engine.Network;
import io.backprop.engine.NetworkSpec;
import io.backprop.engine.OptimizerOptions;
import io.backprop.engine.Optimizers;
import io.backprop.engine.Trainer;
import io.backprop.engine.TrainingOptions;
import io.backprop.engine.Warmup;

/**
 * Trains 784-256-128-10 (relu, relu, softmax, cross-entropy) on Fashion-MNIST in process, as a job does,
 * after the service's own warm-up, and prints each epoch's time; run with -Dbackprop.profileStep=true (as
 * bench/step-phases.sh does), the JVM then prints at exit where the steps' time went, phase by phase and
 * part by part. Arguments: optimizer (sgd), batch size (128), runs (2) of 3 epochs, each on a new network.
 */
public class StepPhases {

    public static void main(String[] args) throws Exception {
        String optimizerName = args.length > 0 ? args[0] : "sgd";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rows = 60_000;
        int inputs = 784;
        Path data = Path.of("/usr/share/datasets/fashion-mnist");
        byte[] pixels = idx(data.resolve("train-images-idx3-ubyte.gz"), 16, rows * inputs);
        byte[] labels = idx(data.resolve("train-labels-idx1-ubyte.gz"), 8, rows);
        float[] x = new float[rows * inputs];
        float[] y = new float[rows * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xff) / 255f;
        }
        for (int r = 0; r < rows; r++) {
            y[r * 10 + labels[r]] = 1;
        }
        long started = System.nanoTime();
        String tuned = Warmup.run(1000); // as the service does at start-up; the profile forgets these steps
        System.out.printf("warm-up %.1f s; %s%n", (System.nanoTime() - started) / 1e9, tuned);
        var spec = new NetworkSpec(inputs, List.of(LayerSpec.of(256, ActivationKind.RELU), LayerSpec.of(128, ActivationKind.RELU),
                LayerSpec.of(10, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        float learningRate = optimizerName.equals("adam") ? 0.001f : 0.1f;
        for (int run = 1; run <= runs; run++) {
            var network = Network.initialize(spec, run);
            var optimizer = Optimizers.create(OptimizerOptions.defaults(optimizerName), network.parameters().length);
            var epochs = new StringBuilder();
            new Trainer(network, optimizer).fit(x, y, rows, new TrainingOptions(3, learningRate, batch, true, run),
                    epoch -> epochs.append(' ').append(epoch.millis()), () -> false);
            System.out.printf("%s lr %s batch %d, run %d: epochs%s ms%n", optimizerName, learningRate, batch, run, epochs);
        }
    }

    private static byte[] idx(Path file, int header, int count) throws Exception {
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            in.readNBytes(header);
            return in.readNBytes(count);
        }
    }
}
