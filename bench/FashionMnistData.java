package io.backprop.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST's 60,000 training images and labels from Debian's dataset-fashion-mnist, as the service holds an
 * uploaded IDX dataset for training: pixels scaled to [0, 1], labels one-hot. For the in-process bench programs.
 */
final class FashionMnistData {

    static final int ROWS = 60_000;
    static final int INPUTS = 784;
    static final int CLASSES = 10;
    private static final Path DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    final float[] x = new float[ROWS * INPUTS];
    final float[] y = new float[ROWS * CLASSES];

    FashionMnistData() throws Exception {
        byte[] pixels = idx("train-images-idx3-ubyte.gz", 16, ROWS * INPUTS);
        byte[] labels = idx("train-labels-idx1-ubyte.gz", 8, ROWS);
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xff) / 255f;
        }
        for (int r = 0; r < ROWS; r++) {
            y[r * CLASSES + labels[r]] = 1;
        }
    }

    /** The benchmarks' network: 784-256-128-10, relu, relu, softmax, cross-entropy. */
    static NetworkSpec network() {
        return new NetworkSpec(INPUTS, List.of(LayerSpec.of(256, ActivationKind.RELU), LayerSpec.of(128, ActivationKind.RELU),
                LayerSpec.of(CLASSES, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
    }

    private static byte[] idx(String file, int header, int count) throws Exception {
        try (var in = new GZIPInputStream(Files.newInputStream(DIRECTORY.resolve(file)))) {
            in.readNBytes(header);
            return in.readNBytes(count);
        }
    }
}
