import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;

import io.backprop.engine.ActivationKind;
import io.backprop.engine.LayerSpec;
import io.backprop.engine.LossKind;
import io.backprop.engine.Network;
import io.backprop.engine.NetworkSpec;
import io.backprop.engine.OptimizerOptions;
import io.backprop.engine.Optimizers;
import io.backprop.engine.Trainer;
import io.backprop.engine.TrainingOptions;

/**
 * Shows that a training step allocates nothing: trains 784-256-128-10 (SGD momentum 0.9, batch 128)
 * on 60,000 random rows and prints, per epoch, its time and the bytes every thread allocated
 * during it (469 mini-batches). Run against the engine's classes, e.g. after ./mvnw package:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes bench/EpochAllocation.java [epochs]}
 */
public class EpochAllocation {

    public static void main(String[] args) {
        int rows = 60_000;
        int in = 784;
        var spec = new NetworkSpec(in, List.of(LayerSpec.of(256, ActivationKind.RELU), LayerSpec.of(128, ActivationKind.RELU),
                LayerSpec.of(10, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        var network = Network.initialize(spec, 1);
        var random = new SplittableRandom(1);
        float[] x = new float[rows * in];
        float[] y = new float[rows * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int r = 0; r < rows; r++) {
            y[r * 10 + random.nextInt(10)] = 1;
        }
        var optimizer = Optimizers.create(new OptimizerOptions("sgd", 0.9f, false, 0.9f, 0.999f, 1e-8f, 0.99f),
                network.parameters().length);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] last = {threads.getTotalThreadAllocatedBytes()};
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        new Trainer(network, optimizer).fit(x, y, rows, new TrainingOptions(epochs, 0.01f, 128, true, 1), epoch -> {
            long now = threads.getTotalThreadAllocatedBytes();
            System.out.printf("epoch %d: %d ms, %,d bytes allocated by all threads%n", epoch.epoch(), epoch.millis(), now - last[0]);
            last[0] = now;
        }, () -> false);
    }
}
