package io.backprop.engine;

/**
 * A fully connected network: a valid {@link NetworkSpec} and all of its parameters in one contiguous
 * {@code float[]} (llm.c {@code ParameterTensors}), so that gradients and optimizer state are flat
 * buffers of the same layout and an update is one pass.
 *
 * <p><b>Parameter layout</b>, for each layer l in order, W then b:
 * <pre>
 *   W  (in, out)  row-major at weightOffset(l): W[i·out + j] is the weight from input i to unit j
 *   b  (out)      at biasOffset(l) = weightOffset(l) + in·out
 * </pre>
 * With W stored (in, out), the forward pass is the plain product X(B, in)·W, the weight gradient is
 * Xᵀ·dZ and the input gradient dZ·Wᵀ (see {@link Dense}). The API's {@code weights[j][i]} (unit j,
 * input i) is therefore {@code parameters()[weightOffset(l) + i * out + j]}.
 *
 * <p><b>Threads</b>: {@link #predict} never writes the parameters and may run on many threads at once.
 * A {@link Trainer} updates them in place, so train a copy ({@link #fromParameters} copies) of a network
 * that is being served.
 */
public final class Network {

    /** Rows per pass in {@link #predict}: bounds its buffers however many rows are asked for. */
    private static final int PREDICT_CHUNK_ROWS = 1024;

    private final NetworkSpec spec;
    private final float[] parameters; // (parameterCount), layout above
    private final int[] weightOffsets; // (layers)
    private final int[] biasOffsets; // (layers)
    private final Activation[] activations; // (layers)
    private final int widestLayer; // max over the input and every layer's units

    private Network(NetworkSpec spec, float[] parameters) {
        this.spec = spec;
        this.parameters = parameters;
        int layers = spec.layers().size();
        this.weightOffsets = new int[layers];
        this.biasOffsets = new int[layers];
        this.activations = new Activation[layers];
        int offset = 0;
        int widest = spec.inputSize();
        for (int l = 0; l < layers; l++) {
            var layer = spec.layers().get(l);
            weightOffsets[l] = offset;
            biasOffsets[l] = offset + spec.inputsOf(l) * layer.units();
            offset = biasOffsets[l] + layer.units();
            activations[l] = Activation.of(layer);
            widest = Math.max(widest, layer.units());
        }
        this.widestLayer = widest;
    }

    /**
     * A new network with seeded initial weights (see {@link ParameterInitializer}): the same spec and seed
     * give identical parameters.
     *
     * @throws InvalidSpecException if the spec has violations
     */
    public static Network initialize(NetworkSpec spec, long seed) {
        var network = new Network(spec, new float[checkedParameterCount(spec)]);
        ParameterInitializer.fill(network.parameters, spec, network.weightOffsets, seed);
        return network;
    }

    /**
     * A network with a copy of the given parameters, laid out as described above.
     *
     * @throws InvalidSpecException     if the spec has violations
     * @throws IllegalArgumentException if {@code params} does not hold exactly {@code spec.parameterCount()} values
     */
    public static Network fromParameters(NetworkSpec spec, float[] params) {
        int count = checkedParameterCount(spec);
        if (params.length != count) {
            throw new IllegalArgumentException(
                    "expected " + count + " parameters for this network, got " + params.length);
        }
        return new Network(spec, params.clone());
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** The live parameter buffer, not a copy: a {@link Trainer} updates it in place. */
    public float[] parameters() {
        return parameters;
    }

    public int weightOffset(int layer) {
        return weightOffsets[layer];
    }

    public int biasOffset(int layer) {
        return biasOffsets[layer];
    }

    /**
     * Computes the outputs of {@code rows} samples. Thread-safe; allocates only two activation buffers of
     * at most {@value #PREDICT_CHUNK_ROWS} rows × the widest layer.
     *
     * @param inputs  (rows, inputSize)
     * @param outputs (rows, outputSize), overwritten
     */
    public void predict(float[] inputs, int rows, float[] outputs) {
        int in = spec.inputSize();
        int out = spec.outputSize();
        if (rows < 0 || inputs.length != rows * in || outputs.length != rows * out) {
            throw new IllegalArgumentException("predict of " + rows + " rows needs " + rows * in + " inputs and "
                    + rows * out + " outputs, got " + inputs.length + " and " + outputs.length);
        }
        int chunk = Math.min(rows, PREDICT_CHUNK_ROWS);
        float[] current = new float[chunk * widestLayer]; // (chunk, widest)
        float[] next = new float[chunk * widestLayer]; // (chunk, widest)
        for (int first = 0; first < rows; first += chunk) {
            int count = Math.min(chunk, rows - first);
            System.arraycopy(inputs, first * in, current, 0, count * in);
            for (int l = 0; l < activations.length; l++) {
                int units = spec.layers().get(l).units();
                Dense.forward(next, current, parameters, weightOffsets[l], biasOffsets[l], count, inputsOf(l), units);
                activations[l].apply(next, next, count, units);
                float[] swap = current;
                current = next;
                next = swap;
            }
            System.arraycopy(current, 0, outputs, first * out, count * out);
        }
    }

    int layerCount() {
        return activations.length;
    }

    Activation activation(int layer) {
        return activations[layer];
    }

    int inputsOf(int layer) {
        return spec.inputsOf(layer);
    }

    int unitsOf(int layer) {
        return spec.layers().get(layer).units();
    }

    private static int checkedParameterCount(NetworkSpec spec) {
        spec.requireValid();
        long count = spec.parameterCount();
        if (count > Integer.MAX_VALUE - 8) { // the largest array a JVM reliably allocates
            throw new IllegalArgumentException("a network of " + count + " parameters does not fit in one array");
        }
        return (int) count;
    }
}
