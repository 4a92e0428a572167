package io.backprop.engine;

/**
 * One mini-batch step of training — gather, forward, loss, backward, L2, update — on both cores, split
 * by units: each part (one per thread) owns a slice of every hidden layer's units, i.e. some columns of
 * its W and some entries of its b, for the whole run.
 *
 * <p>Why units and not rows: splitting the rows (data parallelism) makes each core read all of W every
 * step, half of it just written by the other core; on this kind of machine a cache line that moves
 * between cores costs 100–300 ns, and W (235k floats for 784-256-128-10) is the same size whatever the
 * batch, so at batch 32 two threads ran slower than one. A part's weights never leave its core here:
 * it is the only one that reads, differentiates and updates them. What crosses is activations, which
 * shrink with the batch: the other part's half of a layer's outputs in the forward pass, and half of the
 * other part's partial input gradient in the backward pass.
 *
 * <p>The step, in phases that each end when every part is done (the {@link WorkTeam} runs a phase's parts
 * as tasks; the caller takes part 0, the helper the last):
 * <ol>
 *   <li><b>Forward</b>, one phase per hidden layer: part p computes z[:, U_p] = a_in·W[:, U_p] + b[U_p] and
 *       a[:, U_p] = f(z[:, U_p]) for its units U_p (the first layer's part also gathers the batch, into
 *       its own buffer).</li>
 *   <li><b>Output</b>, on the caller alone: the output layer is small and its activation (softmax) and loss
 *       need whole rows, so part 0 owns all of it: forward, loss, dZ, its input gradient, its gradient and
 *       its update.</li>
 *   <li><b>Backward</b>, one phase per hidden layer, top down: part p sums the partial input gradients of
 *       the layer above over its units, applies f' (dZ[:, U_p]), then computes its own partial input
 *       gradient dZ[:, U_p]·W[:, U_p]ᵀ for the layer below (before changing W), its gradient
 *       a_inᵀ·dZ[:, U_p] and db[U_p], adds L2 and runs the optimizer over its weights.</li>
 * </ol>
 * Which thread runs which part never changes the numbers: the parts and their summation orders are
 * fixed, so a run is reproducible bit for bit. A step whose helper is busy for another job runs every
 * part on the caller, one after the other.
 *
 * <p>Legend as {@link Backpropagation}: B ≤ maxRows rows, I_l inputs and O_l units of layer l, L layers.
 * All buffers are allocated here; a step allocates nothing. Not thread-safe: one per training run.
 */
final class TrainingStep {

    /** Fewer rows than this are not worth splitting: handing over costs more than it saves. */
    static final int MIN_SPLIT_ROWS = 8;
    /** Nor is a step whose forward pass is smaller than this (multiply-adds). */
    static final long MIN_SPLIT_FMAS = 1L << 16;
    /** Slices of units start at multiples of this where the layer is wide enough: a vector of floats. */
    private static final int UNIT_ALIGNMENT = 16;

    private final Network network;
    private final Optimizer optimizer;
    private final Loss loss;
    private final ActivationKind outputKind;
    private final boolean classifier;
    private final int layers;
    private final int parts;
    private final int[][] unitFrom; // [hidden layer][part]
    private final int[][] unitTo;
    private final float[] grads; // (parameterCount), laid out as the parameters
    private final float[][] z; // [layer] (maxRows, O_l)
    private final float[][] a; // [layer] (maxRows, O_l); the same array as z for a linear layer
    private final float[][] dZ; // [layer] (maxRows, O_l)
    private final float[][][] partial; // [layer l ≥ 1][part] (maxRows, I_l): dZ[:, U_p]·W[:, U_p]ᵀ
    private final MiniBatch[] batches; // [part], each the whole batch
    private final int maxRows;
    private final WorkTeam.Tasks forwardTasks = this::forward;
    private final WorkTeam.Tasks backwardTasks = this::backward;

    // the step in progress, set by the caller before each phase
    private int[] rowOrder;
    private int first;
    private int rows;
    private int layer;
    private float learningRate;
    private float l2;

    /** @param parts how many slices each hidden layer's units are cut into; {@link #partsFor} gives the usual choice */
    TrainingStep(Network network, Optimizer optimizer, float[] x, float[] y, int maxRows, int parts) {
        this.network = network;
        this.optimizer = optimizer;
        var spec = network.spec();
        this.layers = network.layerCount();
        this.loss = Loss.of(spec.loss(), network.activation(layers - 1));
        this.outputKind = spec.layers().getLast().activation();
        this.classifier = spec.isClassifier();
        this.parts = parts;
        this.maxRows = maxRows;
        this.grads = new float[network.parameters().length];
        this.unitFrom = new int[layers - 1][];
        this.unitTo = new int[layers - 1][];
        for (int l = 0; l < layers - 1; l++) {
            unitFrom[l] = new int[parts];
            unitTo[l] = new int[parts];
            int units = network.unitsOf(l);
            int alignment = units >= UNIT_ALIGNMENT * parts ? UNIT_ALIGNMENT : 1;
            for (int p = 0; p < parts; p++) {
                unitFrom[l][p] = p == 0 ? 0 : unitTo[l][p - 1];
                unitTo[l][p] = p == parts - 1 ? units
                        : Math.min(units, Math.round((float) units * (p + 1) / parts / alignment) * alignment);
            }
        }
        this.z = new float[layers][];
        this.a = new float[layers][];
        this.dZ = new float[layers][];
        this.partial = new float[layers][][];
        for (int l = 0; l < layers; l++) {
            int size = maxRows * network.unitsOf(l);
            z[l] = new float[size];
            a[l] = spec.layers().get(l).activation() == ActivationKind.LINEAR ? z[l] : new float[size];
            dZ[l] = new float[size];
            if (l > 0) {
                // the output layer has one part, which owns all of it
                partial[l] = new float[l == layers - 1 ? 1 : parts][maxRows * network.inputsOf(l)];
            }
        }
        this.batches = new MiniBatch[parts];
        for (int p = 0; p < parts; p++) {
            batches[p] = new MiniBatch(x, y, spec.inputSize(), spec.outputSize(), maxRows);
        }
    }

    /** Two parts when there is a second core and the step is worth splitting, else one. */
    static int partsFor(Network network, int maxRows) {
        long forwardFmas = (long) maxRows * network.parameters().length;
        boolean split = WorkTeam.SHARED != null && network.layerCount() > 1
                && maxRows >= MIN_SPLIT_ROWS && forwardFmas >= MIN_SPLIT_FMAS;
        return split ? 2 : 1;
    }

    /**
     * Trains on rows order[first .. first+count) of the data: adds the batch's loss (taken before the
     * update) to {@code means}, then updates the parameters at {@code learningRate} with an L2 term.
     */
    void train(int[] order, int first, int count, float learningRate, float l2, RowWeightedMeans means) {
        forwardHiddenLayers(order, first, count);
        optimizer.beginStep();
        this.learningRate = learningRate;
        this.l2 = l2;
        outputLayer(means, true);
        for (layer = layers - 2; layer >= 0; layer--) {
            WorkTeam.runAll(backwardTasks, parts);
        }
        rowOrder = null;
    }

    /** Forward passes only over {@code rows}, batch by batch, averaged into {@code means}. */
    void evaluate(int[] rows, RowWeightedMeans means) {
        means.reset();
        for (int from = 0; from < rows.length; from += maxRows) {
            forwardHiddenLayers(rows, from, Math.min(maxRows, rows.length - from));
            outputLayer(means, false);
        }
        rowOrder = null;
    }

    /** The last step's gradients, L2 included, laid out as the parameters. */
    float[] gradients() {
        return grads;
    }

    private void forwardHiddenLayers(int[] order, int first, int count) {
        this.rowOrder = order;
        this.first = first;
        this.rows = count;
        if (layers == 1) {
            batches[0].gather(order, first, count);
        }
        for (layer = 0; layer < layers - 1; layer++) {
            WorkTeam.runAll(forwardTasks, parts);
        }
    }

    /** Phase task: part p's units of hidden layer {@code layer}. */
    private void forward(int p) {
        int l = layer;
        if (l == 0) {
            batches[p].gather(rowOrder, first, rows);
        }
        int u0 = unitFrom[l][p];
        int width = unitTo[l][p] - u0;
        if (width == 0) {
            return;
        }
        int in = network.inputsOf(l);
        int out = network.unitsOf(l);
        float[] params = network.parameters();
        float[] zl = z[l];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(params, network.biasOffset(l) + u0, zl, r * out + u0, width);
        }
        Matrices.multiplyStrided(zl, u0, out, input(l, p), 0, in, params, network.weightOffset(l) + u0, out,
                rows, in, width, true);
        var activation = (Activation.ElementWise) network.activation(l);
        for (int r = 0; r < rows; r++) {
            activation.applyRange(a[l], zl, r * out + u0, r * out + u0 + width);
        }
    }

    /**
     * The output layer on the caller: forward, loss and accuracy into {@code means}, and when training its
     * dZ, the input gradient for the layer below (into partial[L-1][0]), its gradient and its update.
     */
    private void outputLayer(RowWeightedMeans means, boolean train) {
        int l = layers - 1;
        int in = network.inputsOf(l);
        int out = network.unitsOf(l);
        int wOffset = network.weightOffset(l);
        int bOffset = network.biasOffset(l);
        float[] params = network.parameters();
        float[] x = input(l, 0);
        float[] y = batches[0].y;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(params, bOffset, z[l], r * out, out);
        }
        Matrices.multiplyStrided(z[l], 0, out, x, 0, in, params, wOffset, out, rows, in, out, true);
        network.activation(l).apply(a[l], z[l], rows, out);
        means.add(loss.value(z[l], a[l], y, rows, out), classifier ? Accuracy.correct(outputKind, a[l], y, rows, out) : 0,
                rows);
        if (!train) {
            return;
        }
        loss.delta(dZ[l], z[l], a[l], y, rows, out);
        if (l > 0) {
            Matrices.multiplyTransposedBStrided(partial[l][0], 0, in, dZ[l], 0, out, params, wOffset, out,
                    rows, out, in, false);
        }
        Matrices.multiplyTransposedAStrided(grads, wOffset, out, x, 0, in, dZ[l], 0, out, in, rows, out, false);
        L2Penalty.addGradient(grads, params, wOffset, bOffset, l2);
        columnSums(grads, bOffset, dZ[l], 0, out, out);
        optimizer.update(params, grads, learningRate, wOffset, bOffset + out);
    }

    /** Phase task: part p's units of hidden layer {@code layer}, from the layer above's partial input gradients. */
    private void backward(int p) {
        int l = layer;
        int u0 = unitFrom[l][p];
        int u1 = unitTo[l][p];
        int width = u1 - u0;
        if (width == 0) {
            return;
        }
        int in = network.inputsOf(l);
        int out = network.unitsOf(l);
        int wOffset = network.weightOffset(l);
        int bOffset = network.biasOffset(l);
        float[] params = network.parameters();
        float[] dZl = dZ[l];

        // dZ[:, U_p] = (Σ over the parts above of their partial input gradients) ⊙ f'(z)
        float[][] above = partial[l + 1];
        var activation = (Activation.ElementWise) network.activation(l);
        for (int r = 0; r < rows; r++) {
            int from = r * out + u0;
            boolean started = false;
            for (int q = 0; q < above.length; q++) {
                if (!wrotePartial(l + 1, q)) {
                    continue;
                }
                float[] terms = above[q];
                if (!started) {
                    System.arraycopy(terms, from, dZl, from, width);
                    started = true;
                } else {
                    for (int j = from; j < from + width; j++) {
                        dZl[j] += terms[j];
                    }
                }
            }
            activation.derivativeRange(dZl, dZl, z[l], a[l], from, from + width);
        }
        if (l > 0) { // this part's share of ∂L/∂a of the layer below, with W as it was in the forward pass
            Matrices.multiplyTransposedBStrided(partial[l][p], 0, in, dZl, u0, out, params, wOffset + u0, out,
                    rows, width, in, false);
        }
        Matrices.multiplyTransposedAStrided(grads, wOffset + u0, out, input(l, p), 0, in, dZl, u0, out,
                in, rows, width, false);
        columnSums(grads, bOffset + u0, dZl, u0, width, out);
        for (int i = 0; i < in; i++) {
            int from = wOffset + i * out + u0;
            L2Penalty.addGradient(grads, params, from, from + width, l2);
            optimizer.update(params, grads, learningRate, from, from + width);
        }
        optimizer.update(params, grads, learningRate, bOffset + u0, bOffset + u1);
    }

    /** db = Σ over rows of dZ's columns [from, from + width), row stride {@code out}, in row order, written to grads[at..]. */
    private void columnSums(float[] grads, int at, float[] dZ, int from, int width, int out) {
        System.arraycopy(dZ, from, grads, at, width);
        for (int r = 1; r < rows; r++) {
            for (int j = 0, row = r * out + from; j < width; j++) {
                grads[at + j] += dZ[row + j];
            }
        }
    }

    /** Whether part q wrote its partial input gradient of layer l this step: the output layer's part 0 always does. */
    private boolean wrotePartial(int l, int q) {
        return l == layers - 1 ? q == 0 : unitTo[l][q] > unitFrom[l][q];
    }

    /** What layer l reads: part p's own copy of the batch for the first layer, else the layer below's outputs. */
    private float[] input(int l, int p) {
        return l == 0 ? batches[p].x : a[l - 1];
    }
}
