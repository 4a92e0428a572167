package io.backprop.engine;

/**
 * Forward and backward passes of one network over mini-batches of at most {@code maxRows} rows. It owns
 * the per-layer buffers (llm.c {@code ActivationTensors}), allocated once here, so that a training step
 * allocates nothing. Not thread-safe: one per training run.
 *
 * <p>Legend: B ≤ maxRows rows in the batch, I inputs, O_l units of layer l, L layers, W the widest hidden layer.
 * <pre>
 *   z[l]   (B, O_l)  pre-activations
 *   a[l]   (B, O_l)  activations; the same array as z[l] for a linear layer
 *   dZ[l]  (B, O_l)  ∂L/∂z[l]
 *   dA     (B, W)    ∂L/∂a of the layer being back-propagated into, reused by every layer
 * </pre>
 * A step is {@code forward}, then {@code loss}/{@code correct} if wanted, then {@code backward} on the
 * same rows. The sign convention is that of {@link Loss}.
 */
final class Backpropagation {

    private final Network network;
    private final Loss loss;
    private final ActivationKind outputKind;
    private final float[][] z;
    private final float[][] a;
    private final float[][] dZ;
    private final float[] dA;
    private final int maxRows;

    Backpropagation(Network network, int maxRows) {
        this.network = network;
        var spec = network.spec();
        int layers = network.layerCount();
        this.loss = Loss.of(spec.loss(), network.activation(layers - 1));
        this.outputKind = spec.layers().getLast().activation();
        this.maxRows = maxRows;
        this.z = new float[layers][];
        this.a = new float[layers][];
        this.dZ = new float[layers][];
        int widestHidden = 0;
        for (int l = 0; l < layers; l++) {
            int size = maxRows * network.unitsOf(l);
            z[l] = new float[size];
            a[l] = spec.layers().get(l).activation() == ActivationKind.LINEAR ? z[l] : new float[size];
            dZ[l] = new float[size];
            if (l < layers - 1) {
                widestHidden = Math.max(widestHidden, network.unitsOf(l));
            }
        }
        this.dA = new float[maxRows * widestHidden];
    }

    /** Fills z and a of every layer for inputs x (rows, I). */
    void forward(float[] x, int rows) {
        checkRows(rows);
        float[] in = x;
        for (int l = 0; l < z.length; l++) {
            Dense.forward(z[l], in, network.parameters(), network.weightOffset(l), network.biasOffset(l),
                    rows, network.inputsOf(l), network.unitsOf(l));
            network.activation(l).apply(a[l], z[l], rows, network.unitsOf(l));
            in = a[l];
        }
    }

    /** The mean loss of the last forward pass against targets y (rows, O_L). */
    double loss(float[] y, int rows) {
        int last = z.length - 1;
        return loss.value(z[last], a[last], y, rows, network.unitsOf(last));
    }

    /** Σ over rows of per-row correctness of the last forward pass (see {@link Accuracy}); classifiers only. */
    double correct(float[] y, int rows) {
        int last = z.length - 1;
        return Accuracy.correct(outputKind, a[last], y, rows, network.unitsOf(last));
    }

    /** Writes ∂L/∂θ of the last forward pass on (x, y) into {@code grads}, laid out as the parameters. */
    void backward(float[] grads, float[] x, float[] y, int rows) {
        checkRows(rows);
        int last = z.length - 1;
        loss.delta(dZ[last], z[last], a[last], y, rows, network.unitsOf(last));
        for (int l = last; l >= 0; l--) {
            boolean hasLayerBelow = l > 0;
            Dense.backward(hasLayerBelow ? dA : null, grads, network.weightOffset(l), network.biasOffset(l),
                    dZ[l], hasLayerBelow ? a[l - 1] : x, network.parameters(),
                    rows, network.inputsOf(l), network.unitsOf(l));
            if (hasLayerBelow) {
                network.activation(l - 1).derivative(dZ[l - 1], dA, z[l - 1], a[l - 1], rows, network.unitsOf(l - 1));
            }
        }
    }

    /** The output activations of the last forward pass, (rows, O_L), valid until the next one. */
    float[] outputs() {
        return a[a.length - 1];
    }

    private void checkRows(int rows) {
        if (rows < 1 || rows > maxRows) {
            throw new IllegalArgumentException("a batch holds 1 to " + maxRows + " rows, got " + rows);
        }
    }
}
