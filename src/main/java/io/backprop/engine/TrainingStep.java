package io.backprop.engine;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntUnaryOperator;

/**
 * One mini-batch step of training — gather, forward, loss, backward, L2, update — on both cores, split
 * by units: each part (one per thread) owns a slice of every hidden layer's units, i.e. some columns of
 * its W and some entries of its b, for the whole run.
 *
 * <p>Why units and not rows: splitting the rows (data parallelism) makes each core read all of W every
 * step, half of it just written by the other core; on this kind of machine a cache line that moves
 * between cores costs 100–300 ns, and W (235k floats for 784-256-128-10) is the same size whatever the
 * batch, so at batch 32 two threads ran slower than one. A part is the only one that differentiates its
 * units; what crosses is activations, which shrink with the batch (the other part's block of a layer's
 * outputs in the forward pass, and the other part's partial input gradient in the backward pass), and
 * half of the rows of W, which the update phase splits by rows (see {@link #updateTask}).
 *
 * <p>Each part keeps its units' activations (z, a, dZ and the partial input gradients for them) in
 * blocks of its own, (rows, its units), not as columns of one (rows, units) array. Two cores writing
 * the two halves of the same rows are slow even where no cache line is shared: each core's prefetchers
 * pull in the other's lines of every row, which the other then has to take back. An SGD pass over the
 * first layer's W written so took 62–100 µs against 10–27 µs split by rows (two Intel hosts; the
 * column where the halves met made no difference), and the blocks made the batch-128 step 11–14 %
 * faster on two cores than columns of shared arrays did. A layer then reads the layer below's outputs
 * block by block: z[:, U_p] = Σ_q a[:, U_q]·W[U_q, U_p], a product per block.
 *
 * <p>The step, in phases that each end when every part is done (the {@link WorkTeam} runs a phase's parts
 * as tasks; the caller takes part 0, the helper the last), with nothing left for one thread alone:
 * <ol>
 *   <li><b>Forward</b>, one phase per hidden layer: part p computes its blocks z_p = b[U_p] + Σ_q
 *       a_q·W[U_q, U_p] and a_p = f(z_p) for its units U_p (the first layer's part reads the batch, which
 *       it also gathers, into its own buffer). For a batch of fewer rows than half the inputs, the first
 *       layer is split by inputs instead: part p takes X[:, I_p]·W[I_p, :] over all the units, with the rows
 *       of W it updates itself, and every part then sums those shares into its own copy of the layer's z
 *       and a, at the start of the next phase. At batch 32 that made a two-core step 1.21x faster: the
 *       half of W (200k floats) that the other core had just updated no longer crosses, only the shares of
 *       z (32 × 256 floats) do.</li>
 *   <li><b>Output</b>: the output layer is small, and its activation (softmax) and loss need whole rows,
 *       so here the parts split the batch's rows instead: forward, loss, dZ and the input gradient for the
 *       layer below, each for its rows. The output layer's weights are updated in the next phase, each part
 *       the rows of W that belong to its units of the layer below, whose activations it has in cache.</li>
 *   <li><b>Backward</b>, one phase per hidden layer, top down: part p sums the partial input gradients of
 *       the layer above for its units, applies f' (dZ_p), then computes its own partial input gradient
 *       dZ_p·W[U_q, U_p]ᵀ for each block q of the layer below, and db[U_p].</li>
 *   <li><b>Update</b>: part p computes each hidden layer's dW for its rows of W (its share of the inputs
 *       for the first layer, its units of the layer below for the others), over all the units, adds L2
 *       and runs the optimizer over those rows and over its units' entries of b.</li>
 * </ol>
 * Which thread runs which part never changes the numbers: the parts and their summation orders are
 * fixed, so a run is reproducible bit for bit. A step whose helper is busy for another job runs every
 * part on the caller, one after the other, and so does every step while {@link HelperPolicy} measures
 * that the second core does not pay.
 *
 * <p>Parts write disjoint blocks within a phase. A kernel's column-tail tile may read, and then discard,
 * a few lanes past the last column of a block, i.e. possibly of one being written in the same phase by the
 * other part: a benign race (Java reads a stale or a fresh float, and the lane is not used either way).
 *
 * <p>Legend as {@link Backpropagation}: B ≤ maxRows rows, I_l inputs and O_l units of layer l, L layers.
 * All buffers are allocated here; a step allocates nothing. Not thread-safe: one per training run.
 */
final class TrainingStep implements AutoCloseable {

    /** Fewer rows than this are not worth splitting: handing over costs more than it saves. */
    static final int MIN_SPLIT_ROWS = 8;
    /** Nor is a step whose forward pass is smaller than this (multiply-adds). */
    static final long MIN_SPLIT_FMAS = 1L << 16;
    /** Slices of units start at multiples of this where the layer is wide enough: a vector of floats. */
    private static final int UNIT_ALIGNMENT = 16;
    /**
     * The first layer's forward product is split by inputs rather than units (see {@link #firstTask}) when there
     * are more than this many inputs per row of the largest batch (decided once, from maxRows): then the
     * parts' shares of z, which they must exchange, are smaller than the half of W that the other part has
     * just updated, which splitting by units makes them read. At batch 32 that half of W cost about 14 % of
     * a step on two cores.
     */
    private static final int INPUTS_PER_ROW_TO_SPLIT_BY_INPUTS = 2;
    /** The parts' shares of the first layer's W start at multiples of this many rows: whole row tiles of the kernel. */
    private static final int UPDATE_ROW_ALIGNMENT = 16;
    /**
     * The update phase's chunks of the first layer's rows are no smaller than this (see {@link #chunks}): one row
     * tile, so that the thread done first can take over as little as a tile's work. Against 48 rows (bench/step-ab.sh,
     * Zen 5): while the host ran slow (steps of 210-230 µs at batch 32), batch 32 took 0.936-0.992 the time (five
     * runs), Adam at batch 128 0.947 and 0.973, SGD at batch 128 0.989-1.000; while it ran fast (160-170 µs), batch
     * 32 1.002-1.004 (within the floor), SGD at batch 128 0.993 and Adam 0.972. Zen 3, batch 128: 0.972 and 1.002.
     * Two identical steps read 0.996-1.002.
     */
    static final int MIN_CHUNK_ROWS = 16;
    /**
     * The first layer's forward chunks of columns (units) are multiples of this: whole column stretches of the
     * kernel's tiles (32 columns with AVX2, 64 with AVX-512), which the column tail would run slower; 16 at least.
     */
    private static final int FIRST_COLUMN_ALIGNMENT = Math.max(16, Matrices.columnTile());
    /**
     * Above this many inputs in a batch (4 MB), the parts share one gathered copy instead of each gathering
     * its own: a copy that large is not kept in any cache anyway, and a whole-dataset batch would otherwise
     * be held once per part (60,000 Fashion-MNIST rows: 188 MB each).
     */
    static final long SHARED_BATCH_FLOATS = 1L << 20;

    /**
     * The first layer's weight gradient skips the data's zeros (see
     * {@link MatrixKernel#multiplyTransposedAStridedSkippingZeros}) when at least this share of its groups of
     * four neighbouring inputs are all zero: 38 % for Fashion-MNIST's pixels; listing them costs about 10 %.
     * Its forward product is then asked to skip them too ({@link MatrixKernel#multiplyStridedSkippingZeros}),
     * which the kernel does only where enough of them line up. (A network without hidden layers never skips:
     * its only weights are the output layer's.)
     */
    static final double SPARSE_INPUT_SHARE = 0.2;

    private final Network network;
    private final Optimizer optimizer;
    private final boolean sparseInput;
    private final Loss loss;
    private final ActivationKind outputKind;
    private final boolean classifier;
    private final int layers;
    private final int parts;
    private final int[][] unitFrom; // [hidden layer][part]
    private final int[][] unitTo;
    private final float[] grads; // (parameterCount), laid out as the parameters
    // a hidden layer's activations, one block per part: [layer][part] (maxRows, width of the part's units)
    private final float[][][] z;
    private final float[][][] a; // the same arrays as z for a linear layer
    private final float[][][] dZ;
    // [layer l ≥ 1][q][p] (maxRows, width of part p's units of layer l-1): the input gradient of layer l's
    // part q (the output layer has one, written by rows) for part p's units of the layer below
    private final float[][][][] partial;
    // with firstByInputs: layer 0's z and a are held in full by every part (z[0][p], a[0][p], dZ[0][p] of
    // (maxRows, O_0), part p's units at their columns), and firstPartial[p] is part p's share of z: its
    // rows of W (inputs) times its columns of the batch, plus the bias in part 0's (see firstTask)
    private final boolean firstByInputs;
    private final float[][] firstPartial;
    private final MiniBatch[] batches; // [part], each the whole batch; one instance for all when shared
    // [part][chunk of the update phase] (the chunk's inputs, maxRows): its columns of the batch transposed once for
    // the weight gradients of every block of units (see transposedInputs); null where the kernel would not transpose
    private final float[][][] transposedX;
    // [part][chunk of the update phase]: its inputs' non-zero steps compacted once for the weight gradients of
    // every block of units (see compactedInputs), where the inputs are sparse and the kernel compacts them
    private final CompactedSteps[][] compactedX;
    // [part][c]: the first layer's rows (inputs) of part p's chunks of the update phase, largest first, from
    // firstInputFrom(p): chunk c is [chunkFrom[p][c], chunkFrom[p][c + 1]) (see updateTask)
    private final int[][] chunkFrom;
    private final boolean sharedBatch;
    // the output layer, split by rows: part p's slice of the batch in its own buffers, (maxRows / parts, O_L)
    private final float[][] outZ;
    private final float[][] outA;
    private final float[][] outDelta;
    private final float[][] outY;
    private final int[] outFirst; // [part] first row of its slice this step
    private final int[] outRows; // [part] rows in its slice this step
    private final double[] outLoss; // [part] mean loss over its slice
    private final double[] outCorrect; // [part] Σ correctness over its slice
    private final WorkTeam.Tasks outputTasks = profiled(this::output);
    private boolean training;
    private final int maxRows;
    private final HelperPolicy helper;
    private boolean withHelper; // for the step in progress
    private boolean holding; // whether this run holds the helper awake (see holdHelper)
    private final WorkTeam.Tasks gatherTasks = profiled(this::gatherSlice);
    private final WorkTeam.Tasks forwardTasks = profiled(this::forward);
    // with firstByInputs, the first layer's forward phase: part p's share of z in chunks of columns (units), task t
    // being part firstPart[t]'s columns [firstColumns[c], firstColumns[c + 1]) for c = firstChunk[t] (see firstTask)
    private final WorkTeam.Tasks firstTasks = profiled(this::firstTask);
    private final int[] firstColumns;
    private final int[] firstPart;
    private final int[] firstChunk;
    // [part]: (serial << 1) while its inputs of batch `serial` are being gathered, (serial << 1) | 1 once they are
    private final AtomicLongArray gathered;
    /**
     * [part] the runs of zeros of its share of the batch's inputs, marked once by whoever gathers them (see
     * {@link #gatherOnce}) and read by the first layer's forward tasks of that part on either thread; null where
     * the kernel does not skip by runs (4-float vectors, or batches too small for its packed panels: at batch 32 with
     * AVX-512 reading W in place over the runs took 63-81 µs a part against 62-66 dense), or the parts share one
     * gathered batch (each product then marks its own).
     */
    private final ZeroRuns[] firstRuns;
    private long batchSerial; // counts the batches, so that gathered need not be reset
    private final WorkTeam.Tasks backwardTasks = profiled(this::backward);
    private final WorkTeam.Tasks updateTasks = profiled(this::updateTask);
    // update phase task t: part updatePart[t]'s chunk updateChunk[t], or its head where that is -1 (see updateTask)
    private final int[] updatePart;
    private final int[] updateChunk;
    // with StepProfile.ENABLED: whether the step in progress is timed (a training step with the helper), and
    // the phase its parts are timed for
    private boolean profiling;
    private int profiledPhase;
    private long phasePosted; // with StepProfile.ENABLED: System.nanoTime() when the phase being timed was posted
    private Thread stepThread; // with StepProfile.ENABLED: the thread that runs the step

    // the step in progress, set by the caller before each phase
    private int[] rowOrder;
    private int first;
    private int rows;
    private int layer;
    private float learningRate;
    private float l2;

    /** @param parts how many slices each hidden layer's units are cut into; {@link #partsFor} gives the usual choice */
    TrainingStep(Network network, Optimizer optimizer, float[] x, float[] y, int maxRows, int parts) {
        this(network, optimizer, x, y, maxRows, parts, HelperPolicy.adaptive());
    }

    /** @param helper when the parts run on the helper thread too; it never changes the numbers */
    TrainingStep(Network network, Optimizer optimizer, float[] x, float[] y, int maxRows, int parts, HelperPolicy helper) {
        this.helper = helper;
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
        this.firstByInputs = parts > 1 && layers > 1 && (long) maxRows * INPUTS_PER_ROW_TO_SPLIT_BY_INPUTS < network.inputsOf(0);
        this.z = new float[layers - 1][parts][];
        this.a = new float[layers - 1][parts][];
        this.dZ = new float[layers - 1][parts][];
        this.firstPartial = new float[firstByInputs ? parts : 0][];
        for (int l = 0; l < layers - 1; l++) {
            boolean linear = spec.layers().get(l).activation() == ActivationKind.LINEAR;
            for (int p = 0; p < parts; p++) {
                int size = maxRows * (l == 0 && firstByInputs ? network.unitsOf(0) : width(l, p));
                if (l == 0 && firstByInputs) {
                    firstPartial[p] = new float[size];
                }
                z[l][p] = new float[size];
                a[l][p] = linear ? z[l][p] : new float[size];
                dZ[l][p] = new float[size];
            }
        }
        this.partial = new float[layers][][][];
        for (int l = 1; l < layers; l++) {
            partial[l] = new float[l == layers - 1 ? 1 : parts][parts][];
            for (float[][] ofPart : partial[l]) {
                for (int p = 0; p < parts; p++) {
                    ofPart[p] = new float[maxRows * width(l - 1, p)];
                }
            }
        }
        this.sparseInput = zeroGroupShare(x, spec.inputSize()) >= SPARSE_INPUT_SHARE;
        this.batches = new MiniBatch[parts];
        this.sharedBatch = parts > 1 && (long) maxRows * spec.inputSize() > SHARED_BATCH_FLOATS;
        for (int p = 0; p < parts; p++) {
            batches[p] = sharedBatch && p > 0 ? batches[0]
                    : new MiniBatch(x, y, spec.inputSize(), spec.outputSize(), maxRows);
        }
        this.chunkFrom = new int[parts][];
        this.transposedX = new float[parts][][];
        this.compactedX = new CompactedSteps[parts][];
        int tasks = 0;
        for (int p = 0; p < parts; p++) {
            chunkFrom[p] = chunks(firstInputFrom(p), firstInputTo(p), parts > 1);
            int chunks = chunkFrom[p].length - 1;
            tasks += 1 + chunks;
            transposedX[p] = new float[chunks][];
            compactedX[p] = new CompactedSteps[chunks];
            for (int c = 0; c < chunks; c++) {
                int inputs = chunkFrom[p][c + 1] - chunkFrom[p][c];
                if (compactsFirstInputs(inputs, maxRows)) {
                    compactedX[p][c] = new CompactedSteps();
                } else if (transposesFirstInputs(inputs, maxRows)) {
                    transposedX[p][c] = new float[inputs * maxRows];
                }
            }
        }
        this.firstColumns = firstColumnChunks(network.unitsOf(0), firstByInputs);
        int columnChunks = firstColumns.length - 1;
        this.firstPart = new int[firstByInputs ? parts * columnChunks : 0];
        this.firstChunk = new int[firstPart.length];
        if (firstByInputs) {
            layOut(firstPart, firstChunk, parts, p -> columnChunks, 0);
        }
        this.gathered = new AtomicLongArray(parts);
        this.firstRuns = firstByInputs && sparseInput && !sharedBatch && Matrices.marksZeroRuns(maxRows)
                ? new ZeroRuns[parts] : null;
        for (int p = 0; firstRuns != null && p < parts; p++) {
            firstRuns[p] = new ZeroRuns(maxRows, firstInputTo(p) - firstInputFrom(p));
        }
        this.updatePart = new int[tasks];
        this.updateChunk = new int[tasks];
        layOut(updatePart, updateChunk, parts, p -> chunkFrom[p].length, -1); // a head, then the chunks
        int sliceSize = Math.ceilDiv(maxRows, parts) * network.unitsOf(layers - 1);
        boolean linearOutput = spec.layers().getLast().activation() == ActivationKind.LINEAR;
        this.outZ = new float[parts][sliceSize];
        this.outA = linearOutput ? outZ : new float[parts][sliceSize];
        this.outDelta = new float[parts][sliceSize];
        this.outY = new float[parts][sliceSize];
        this.outFirst = new int[parts];
        this.outRows = new int[parts];
        this.outLoss = new double[parts];
        this.outCorrect = new double[parts];
    }

    /**
     * The share of groups of four neighbouring inputs of a row that are all zero, over up to 1,024 rows spread
     * over the data: enough to tell images from dense features, at a cost that no job notices.
     */
    static double zeroGroupShare(float[] x, int inputs) {
        int rows = x.length / inputs;
        int groupsPerRow = inputs / 4;
        if (rows == 0 || groupsPerRow == 0) {
            return 0;
        }
        int sampled = Math.min(rows, 1024);
        long zero = 0;
        for (int s = 0; s < sampled; s++) {
            int row = (int) ((long) s * rows / sampled) * inputs;
            for (int g = 0; g < groupsPerRow; g++) {
                int at = row + 4 * g;
                zero += x[at] == 0f && x[at + 1] == 0f && x[at + 2] == 0f && x[at + 3] == 0f ? 1 : 0;
            }
        }
        return (double) zero / ((long) sampled * groupsPerRow);
    }

    /**
     * Whether the kernel takes the first layer's weight gradient Xᵀ·dZ of a part's {@code inputs}, block of units
     * by block, on a transposed copy of X (see {@link MatrixKernel#transposesA}): then the part makes that copy
     * once a step (each chunk of it, see {@link #updateChunk}).
     */
    private boolean transposesFirstInputs(int inputs, int batchRows) {
        return forEveryBlockOfUnits(false, inputs, batchRows);
    }

    /**
     * Whether the kernel takes the first layer's weight gradient of a part's {@code inputs} over their non-zero
     * steps compacted (see {@link MatrixKernel#compactsZeros}), for image-like inputs: then the part compacts each
     * chunk of them once a step (see {@link #updateChunk}), instead of transposing it.
     */
    private boolean compactsFirstInputs(int inputs, int batchRows) {
        return sparseInput && forEveryBlockOfUnits(true, inputs, batchRows);
    }

    /**
     * Whether the step has parts and a hidden layer, and the kernel compacts ({@code compacts}) or transposes the
     * first layer's inputs for the width of each part's block of units. Asked every step: no lambda, which could
     * allocate on the training loop.
     */
    private boolean forEveryBlockOfUnits(boolean compacts, int inputs, int batchRows) {
        if (parts < 2 || layers < 2) {
            return false;
        }
        for (int q = 0; q < parts; q++) {
            int width = width(0, q);
            if (width > 0 && !(compacts ? Matrices.compactsZeros(inputs, batchRows, width)
                    : Matrices.transposesA(inputs, batchRows, width))) {
                return false;
            }
        }
        return true;
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
        long started = System.nanoTime();
        withHelper = helper.withHelper();
        holdHelper(withHelper && parts > 1);
        if (StepProfile.ENABLED) {
            stepThread = Thread.currentThread();
            profiling = withHelper && parts > 1;
            if (!profiling) {
                StepProfile.SHARED.stepAlone();
            }
        }
        forwardHiddenLayers(order, first, count);
        optimizer.beginStep();
        this.learningRate = learningRate;
        this.l2 = l2;
        outputLayer(means, true);
        if (layers == 1) { // no hidden layer's phase to update the output layer's weights in
            outputWeights(0);
        }
        for (layer = layers - 2; layer >= 0; layer--) {
            runPhase(backwardTasks, StepProfile.backward(layer));
        }
        if (layers > 1) {
            runPhase(updateTasks, updatePart.length, StepProfile.UPDATE);
        }
        rowOrder = null;
        profiling = false;
        helper.record(System.nanoTime() - started, count);
    }

    /**
     * Keeps the helper polling between this run's phases while its steps use it (see {@link WorkTeam#hold}), and
     * lets it park while they run alone: then {@link HelperPolicy} has measured that the second core does not pay,
     * or a probe is timing the caller alone, and a helper spinning beside it would skew that.
     */
    private void holdHelper(boolean hold) {
        if (hold != holding) {
            if (hold) {
                WorkTeam.hold();
            } else {
                WorkTeam.release();
            }
            holding = hold;
        }
    }

    /** Ends the run: lets the helper park again. Each step may hold it again; a run ends with this. */
    @Override
    public void close() {
        holdHelper(false);
    }

    /** Forward passes only over {@code rows}, batch by batch, averaged into {@code means}. */
    void evaluate(int[] rows, RowWeightedMeans means) {
        means.reset();
        withHelper = helper.current();
        for (int from = 0; from < rows.length; from += maxRows) {
            forwardHiddenLayers(rows, from, Math.min(maxRows, rows.length - from));
            outputLayer(means, false);
        }
        rowOrder = null;
    }

    /** Whether the first layer's forward product is split by inputs (see {@link #firstTask}); for tests. */
    boolean splitsFirstLayerByInputs() {
        return firstByInputs;
    }

    /** Whether the parts transpose their inputs once a step for the first layer's weight gradient; for tests. */
    boolean transposesInputsOnce() {
        return Arrays.stream(transposedX).flatMap(Arrays::stream).anyMatch(Objects::nonNull);
    }

    /** Whether the parts compact their inputs' non-zero steps once a step for the first layer's weight gradient; for tests. */
    boolean compactsInputsOnce() {
        return Arrays.stream(compactedX).flatMap(Arrays::stream).anyMatch(Objects::nonNull);
    }

    /** The last step's gradients, L2 included, laid out as the parameters. */
    float[] gradients() {
        return grads;
    }

    private void forwardHiddenLayers(int[] order, int first, int count) {
        if (count < 1 || count > maxRows) {
            throw new IllegalArgumentException("a batch holds 1 to " + maxRows + " rows, got " + count);
        }
        this.rowOrder = order;
        this.first = first;
        this.rows = count;
        if (sharedBatch) {
            runPhase(gatherTasks, StepProfile.GATHER);
        }
        batchSerial++;
        for (layer = 0; layer < layers - 1; layer++) {
            if (layer == 0 && firstByInputs) {
                runPhase(firstTasks, firstPart.length, StepProfile.forward(0));
            } else {
                runPhase(forwardTasks, StepProfile.forward(layer));
            }
        }
    }

    /** Runs a phase's parts; with {@link StepProfile} on, times it for the profile when the step is timed. */
    private void runPhase(WorkTeam.Tasks tasks, int phase) {
        runPhase(tasks, parts, phase);
    }

    /** Runs a phase of {@code count} tasks. */
    private void runPhase(WorkTeam.Tasks tasks, int count, int phase) {
        boolean shared = withHelper && parts > 1; // one part's tasks (the update's head and chunk) stay on the caller
        if (!StepProfile.ENABLED || !profiling) {
            WorkTeam.runAll(tasks, count, shared);
            return;
        }
        profiledPhase = phase;
        long started = System.nanoTime();
        phasePosted = started; // read by the helper after it joins the job, which the post publishes
        WorkTeam.runAll(tasks, count, shared);
        StepProfile.SHARED.phase(phase, System.nanoTime() - started);
    }

    /**
     * The phase's tasks, each timed for {@link StepProfile} when it is on, as work of the thread that ran it (the
     * step's caller or the helper); the tasks themselves when off.
     */
    private WorkTeam.Tasks profiled(WorkTeam.Tasks tasks) {
        if (!StepProfile.ENABLED) {
            return tasks;
        }
        return t -> {
            if (!profiling) {
                tasks.run(t);
                return;
            }
            long started = System.nanoTime();
            tasks.run(t);
            int thread = Thread.currentThread() == stepThread ? 0 : 1;
            StepProfile.SHARED.part(profiledPhase, thread, started - phasePosted, System.nanoTime() - started);
        };
    }

    /** Phase task, when the parts share the batch: part p gathers its share of the rows into it. */
    private void gatherSlice(int p) {
        int perPart = Math.ceilDiv(rows, parts);
        int at = Math.min(rows, p * perPart);
        batches[p].gather(rowOrder, first + at, Math.min(rows, at + perPart) - at, at);
    }

    /**
     * Phase task: part p's units of hidden layer {@code layer}, into its blocks of z and a. (The first layer with
     * {@link #firstByInputs} runs {@link #firstTask} instead: each part's share of z over all the units from its
     * share of the inputs, X[:, I_p]·W[I_p, :], the rows of W that it updates, so that W never crosses between
     * the cores; this phase, for the next layer, first sums those shares, see {@link #finishFirstLayer}.)
     */
    private void forward(int p) {
        int l = layer;
        if (l == 0 && !sharedBatch) {
            batches[p].gather(rowOrder, first, rows);
        }
        if (l == 1) {
            finishFirstLayer(p);
        }
        int u0 = unitFrom[l][p];
        int width = width(l, p);
        if (width == 0) {
            return;
        }
        int in = network.inputsOf(l);
        int out = network.unitsOf(l);
        int wOffset = network.weightOffset(l);
        float[] params = network.parameters();
        float[] zp = z[l][p];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(params, network.biasOffset(l) + u0, zp, r * width, width);
        }
        if (l == 0) {
            timesFirstWeights(zp, 0, width, batches[p].x, 0, wOffset + u0, in, width, true, null);
        } else { // z[:, U_p] += a_q · W[U_q, U_p] over the blocks q of the layer below
            for (int q = 0; q < parts; q++) {
                int k = width(l - 1, q);
                if (k > 0) {
                    Matrices.multiplyStrided(zp, 0, width, heldBy(a, l - 1, p, q), columnOf(l - 1, q), strideOf(l - 1, q),
                            params, wOffset + unitFrom[l - 1][q] * out + u0, out, rows, k, width, true);
                }
            }
        }
        ((Activation.ElementWise) network.activation(l)).applyRange(a[l][p], zp, 0, rows * width);
    }

    /**
     * The first layer's forward phase with {@link #firstByInputs}, task t: columns [c0, c1) of part {@code firstPart[t]}'s
     * share of z, its inputs (its rows of W) times those columns of W, the bias added to part 0's. The tasks are laid
     * out as the update phase's (see {@link #layOut}): whichever thread is done with its own part first takes the
     * other's last chunks of columns, and the part's inputs are gathered by whoever needs them first.
     */
    private void firstTask(int t) {
        int p = firstPart[t];
        int c0 = firstColumns[firstChunk[t]];
        int c1 = firstColumns[firstChunk[t] + 1];
        gatherOnce(p); // its targets too, which the output phase reads, even where the part has no inputs
        int i0 = firstInputFrom(p);
        int i1 = firstInputTo(p);
        if (i0 == i1) {
            return;
        }
        int out = network.unitsOf(0);
        float[] params = network.parameters();
        float[] share = firstPartial[p];
        if (p == 0) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(params, network.biasOffset(0) + c0, share, r * out + c0, c1 - c0);
            }
        }
        timesFirstWeights(share, c0, out, batches[p].x, i0, network.weightOffset(0) + i0 * out + c0, i1 - i0, c1 - c0,
                p == 0, firstRuns == null ? null : firstRuns[p]);
    }

    /**
     * Gathers part p's share of the batch's inputs into its buffer, unless another task of this batch has: the first
     * to ask gathers, and any other waits until it is done (a few tens of µs, and only when a thread takes a chunk
     * of the other's part before that part's owner has started).
     */
    private void gatherOnce(int p) {
        if (sharedBatch) {
            return;
        }
        long claimed = batchSerial << 1;
        long done = claimed | 1;
        for (long state = gathered.get(p); state != done; state = gathered.get(p)) {
            if (state < claimed && gathered.compareAndSet(p, state, claimed)) {
                boolean gatheredAll = false;
                try {
                    batches[p].gatherInputs(rowOrder, first, rows, firstInputFrom(p), firstInputTo(p));
                    markFirstRuns(p);
                    gatheredAll = true;
                } finally { // a failed gather is left to the next asker, which then fails too, not waits for ever
                    gathered.set(p, gatheredAll ? done : state);
                }
                return;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Marks the runs of zeros of part p's share of the batch's inputs, once for all its chunks of columns, which
     * would each mark them again (12 µs a part's 128 × 392 at batch 128 on a Zen 4 host, with the inputs in cache
     * and the rows sorted; before the sort, the three chunks took 235-245 µs against 222-230 for one product over
     * all the columns).
     */
    private void markFirstRuns(int p) {
        if (firstRuns == null) {
            return;
        }
        int i0 = firstInputFrom(p);
        Matrices.markZeroRuns(firstRuns[p], batches[p].x, i0, network.inputsOf(0), rows, firstInputTo(p) - i0);
    }

    /**
     * c(rows, n), row stride ldc, (+)= the batch's inputs from {@code firstInput} on, {@code inputs} of them, times
     * the first layer's W from {@code wAt}: skipping the zeros of image-like inputs (see {@link #SPARSE_INPUT_SHARE}),
     * by the runs {@code marked} where not null (see {@link #markFirstRuns}).
     */
    private void timesFirstWeights(float[] c, int cOffset, int ldc, float[] x, int firstInput, int wAt, int inputs, int n,
                                   boolean accumulate, ZeroRuns marked) {
        int in = network.inputsOf(0);
        int out = network.unitsOf(0);
        float[] params = network.parameters();
        if (sparseInput) {
            Matrices.multiplyStridedSkippingZeros(c, cOffset, ldc, x, firstInput, in, params, wAt, out, rows, inputs, n, accumulate,
                    marked);
        } else {
            Matrices.multiplyStrided(c, cOffset, ldc, x, firstInput, in, params, wAt, out, rows, inputs, n, accumulate);
        }
    }

    /**
     * With {@link #firstByInputs}, at the start of the phase after the first layer's forward: part p sums the
     * parts' shares of z, in part order, and applies f, into its own copy of the whole of z and a. Each part
     * does all of it, so that the next layer reads a from its own cache; it is a few µs a step.
     */
    private void finishFirstLayer(int p) {
        if (!firstByInputs) {
            return;
        }
        int size = rows * network.unitsOf(0);
        float[] zp = z[0][p];
        System.arraycopy(firstPartial[0], 0, zp, 0, size);
        for (int q = 1; q < parts; q++) {
            if (firstInputFrom(q) < firstInputTo(q)) {
                float[] share = firstPartial[q];
                for (int j = 0; j < size; j++) {
                    zp[j] += share[j];
                }
            }
        }
        ((Activation.ElementWise) network.activation(0)).applyRange(a[0][p], zp, 0, size);
    }

    /**
     * The output layer, split by rows: its activation (softmax) and loss need whole rows, and it is small, so
     * each part takes a slice of the batch (see {@link #output}). Then, on the caller, the slices' loss and
     * accuracy go into {@code means} in part order, and when training the bias is updated; the weights are
     * updated by the first hidden layer's backward phase (see {@link #outputWeights}).
     */
    private void outputLayer(RowWeightedMeans means, boolean train) {
        int perPart = Math.ceilDiv(rows, parts);
        for (int p = 0; p < parts; p++) {
            outFirst[p] = Math.min(rows, p * perPart);
            outRows[p] = Math.min(rows, outFirst[p] + perPart) - outFirst[p];
        }
        this.training = train;
        runPhase(outputTasks, StepProfile.OUTPUT);
        for (int p = 0; p < parts; p++) {
            if (outRows[p] > 0) {
                means.add(outLoss[p], outCorrect[p], outRows[p]);
            }
        }
        if (train) {
            int l = layers - 1;
            int out = network.unitsOf(l);
            int bOffset = network.biasOffset(l);
            boolean started = false;
            for (int p = 0; p < parts; p++) {
                if (outRows[p] > 0) {
                    columnSums(grads, bOffset, outDelta[p], 0, out, out, outRows[p], started);
                    started = true;
                }
            }
            optimizer.update(network.parameters(), grads, learningRate, bOffset, bOffset + out);
        }
    }

    /**
     * Phase task: part p's slice of the batch through the output layer: forward, loss and accuracy, and when
     * training dZ (of the whole batch's mean loss) and the slice's rows of the input gradient for the layer below.
     */
    private void output(int p) {
        if (layers == 2) {
            finishFirstLayer(p); // before anything else: the backward phase needs this part's copy of it
        }
        int n = outRows[p];
        if (n == 0) {
            return;
        }
        int l = layers - 1;
        int in = network.inputsOf(l);
        int out = network.unitsOf(l);
        int wOffset = network.weightOffset(l);
        float[] params = network.parameters();
        if (l == 0 && !sharedBatch) {
            batches[p].gather(rowOrder, first, rows);
        }
        int r0 = outFirst[p];
        float[] z = outZ[p];
        float[] a = outA[p];
        float[] y = outY[p];
        for (int r = 0; r < n; r++) {
            System.arraycopy(params, network.biasOffset(l), z, r * out, out);
        }
        if (l == 0) {
            Matrices.multiplyStrided(z, 0, out, batches[p].x, r0 * in, in, params, wOffset, out, n, in, out, true);
        } else {
            for (int q = 0; q < parts; q++) {
                int k = width(l - 1, q);
                if (k > 0) {
                    Matrices.multiplyStrided(z, 0, out, heldBy(this.a, l - 1, p, q),
                            r0 * strideOf(l - 1, q) + columnOf(l - 1, q), strideOf(l - 1, q), params,
                            wOffset + unitFrom[l - 1][q] * out, out, n, k, out, true);
                }
            }
        }
        System.arraycopy(batches[p].y, r0 * out, y, 0, n * out);
        network.activation(l).apply(a, z, n, out);
        outLoss[p] = loss.value(z, a, y, n, out);
        outCorrect[p] = classifier ? Accuracy.correct(outputKind, a, y, n, out) : 0;
        if (training) {
            loss.delta(outDelta[p], z, a, y, n, out, rows);
            for (int q = 0; l > 0 && q < parts; q++) { // the slice's rows of ∂L/∂a for each block of the layer below
                int k = width(l - 1, q);
                if (k > 0) {
                    Matrices.multiplyTransposedBStrided(partial[l][0][q], r0 * k, k, outDelta[p], 0, out, params,
                            wOffset + unitFrom[l - 1][q] * out, out, n, out, k, false);
                }
            }
        }
    }

    /**
     * The rows of the output layer's W for part p's units of the layer below (for all of its inputs when there
     * is no hidden layer): their gradient summed over the row slices, L2 and the optimizer. Run by that part,
     * whose block of the layer below's activations is in its cache.
     */
    private void outputWeights(int p) {
        int l = layers - 1;
        int in = network.inputsOf(l);
        int out = network.unitsOf(l);
        int i0 = l == 0 ? 0 : unitFrom[l - 1][p];
        int i1 = l == 0 ? in : unitTo[l - 1][p];
        int wOffset = network.weightOffset(l);
        float[] params = network.parameters();
        boolean started = false;
        for (int q = 0; q < parts; q++) {
            if (outRows[q] > 0) {
                float[] input = l == 0 ? batches[q].x : heldBy(a, l - 1, p, p);
                int stride = l == 0 ? in : strideOf(l - 1, p);
                int column = l == 0 ? 0 : columnOf(l - 1, p);
                Matrices.multiplyTransposedAStrided(grads, wOffset + i0 * out, out, input, outFirst[q] * stride + column,
                        stride, outDelta[q], 0, out, i1 - i0, outRows[q], out, started);
                started = true;
            }
        }
        L2Penalty.addGradient(grads, params, wOffset + i0 * out, wOffset + i1 * out, l2);
        optimizer.update(params, grads, learningRate, wOffset + i0 * out, wOffset + i1 * out);
    }

    /** Phase task: part p's units of hidden layer {@code layer}, from the layer above's partial input gradients. */
    private void backward(int p) {
        int l = layer;
        int u0 = unitFrom[l][p];
        int width = width(l, p);
        if (width == 0) {
            return;
        }
        int out = network.unitsOf(l);
        int wOffset = network.weightOffset(l);
        float[] params = network.parameters();
        float[] dZp = dZ[l][p];
        int stride = strideOf(l, p);
        int column = columnOf(l, p);
        if (l == layers - 2) {
            outputWeights(p);
        }

        // dZ[:, U_p] = (Σ over the parts above of their partial input gradients) ⊙ f'(z), row by row (the
        // partial gradients are blocks of width U_p; this part's dZ, z and a may be rows of all the units)
        float[][][] above = partial[l + 1];
        var activation = (Activation.ElementWise) network.activation(l);
        for (int r = 0; r < rows; r++) {
            int from = r * stride + column;
            boolean started = false;
            for (int q = 0; q < above.length; q++) {
                if (!wrotePartial(l + 1, q)) {
                    continue;
                }
                float[] terms = above[q][p];
                if (!started) {
                    System.arraycopy(terms, r * width, dZp, from, width);
                    started = true;
                } else {
                    for (int j = 0, t = r * width; j < width; j++) {
                        dZp[from + j] += terms[t + j];
                    }
                }
            }
            activation.derivativeRange(dZp, dZp, z[l][p], a[l][p], from, from + width);
        }
        // this part's share of ∂L/∂a of the layer below, for each of its blocks, with W as in the forward pass
        for (int q = 0; l > 0 && q < parts; q++) {
            int k = width(l - 1, q);
            if (k > 0) {
                Matrices.multiplyTransposedBStrided(partial[l][p][q], 0, k, dZp, column, stride, params,
                        wOffset + unitFrom[l - 1][q] * out + u0, out, rows, width, k, false);
            }
        }
        columnSums(grads, network.biasOffset(l) + u0, dZp, column, width, stride, rows, false);
    }

    /**
     * Update phase task t. The update is split by rows of W: part p takes its share of the inputs for the first
     * layer, and its units of the layer below for the others, whose activations it has in cache. Split by units, as
     * the other phases split the rest, the two parts would write the two halves of every row of W (and dW) at the
     * same time: an update pass over the first layer's W took 62-100 µs so, against 10-27 µs split by rows (two
     * threads on two Intel hosts; an SGD pass written out in a micro-benchmark, whatever the column where the
     * halves met).
     *
     * <p>Part 0's tasks come first: its head, then its chunks, largest first; the last part's (part 1's, for two
     * threads) in the opposite order, from the last task down: its head, then its chunks, largest first. The caller claims tasks from
     * the first up and the helper from the last down (see {@link WorkTeam}), so each does its own part's tasks in
     * that order, and whichever finishes first takes the other's smallest chunks that are still unclaimed. Which
     * thread runs a task never changes the numbers: each computes whole rows of dW, and L2 and the optimizer work
     * element by element.
     */
    private void updateTask(int t) {
        if (updateChunk[t] < 0) {
            updateHead(updatePart[t]);
        } else {
            updateChunk(updatePart[t], updateChunk[t]);
        }
    }

    /**
     * Part p's head of the update phase: each hidden layer above the first, dW for its rows of W (its units of the
     * layer below) over all the units, L2 and the optimizer over those rows; and its units' entries of every hidden
     * layer's b.
     */
    private void updateHead(int p) {
        float[] params = network.parameters();
        for (int l = 1; l < layers - 1; l++) {
            int out = network.unitsOf(l);
            int wOffset = network.weightOffset(l);
            int i0 = unitFrom[l - 1][p];
            int i1 = unitTo[l - 1][p];
            if (i0 < i1) {
                for (int q = 0; q < parts; q++) {
                    int width = width(l, q);
                    if (width > 0) {
                        Matrices.multiplyTransposedAStrided(grads, wOffset + i0 * out + unitFrom[l][q], out,
                                heldBy(a, l - 1, p, p), columnOf(l - 1, p), strideOf(l - 1, p),
                                dZ[l][q], columnOf(l, q), strideOf(l, q), i1 - i0, rows, width, false);
                    }
                }
                L2Penalty.addGradient(grads, params, wOffset + i0 * out, wOffset + i1 * out, l2);
                optimizer.update(params, grads, learningRate, wOffset + i0 * out, wOffset + i1 * out);
            }
        }
        for (int l = 0; l < layers - 1; l++) {
            int b0 = network.biasOffset(l) + unitFrom[l][p];
            optimizer.update(params, grads, learningRate, b0, b0 + width(l, p));
        }
    }

    /**
     * The first layer's rows [i0, i1) of W, a chunk of part p's: dW = X[:, i0..i1]ᵀ·dZ over all the units (over the
     * chunk's inputs' non-zero steps compacted once, or on a transposed copy of them, where the kernel would compact
     * or transpose them for each block of units), L2 and the optimizer.
     */
    private void updateChunk(int p, int chunk) {
        int i0 = chunkFrom[p][chunk];
        int i1 = chunkFrom[p][chunk + 1];
        if (i0 == i1) {
            return;
        }
        float[] params = network.parameters();
        int in = network.inputsOf(0);
        int out = network.unitsOf(0);
        int wOffset = network.weightOffset(0);
        float[] x = batches[p].x;
        CompactedSteps compacted = compactedInputs(p, chunk);
        float[] xT = compacted == null ? transposedInputs(p, chunk) : null;
        for (int q = 0; q < parts; q++) {
            int width = width(0, q);
            if (width == 0) {
                continue;
            }
            int at = wOffset + i0 * out + unitFrom[0][q];
            float[] dZq = dZ[0][q];
            int dZColumn = columnOf(0, q);
            int dZStride = strideOf(0, q);
            if (compacted != null) { // the same sums as the dense product, up to the sign of an exact zero
                Matrices.multiplyTransposedAStridedCompacted(grads, at, out, compacted, x, i0, in, dZq, dZColumn, dZStride,
                        i1 - i0, rows, width, false);
            } else if (xT != null) { // the same sums as the kernel's own copy would give, bit for bit
                Matrices.multiplyStrided(grads, at, out, xT, 0, rows, dZq, dZColumn, dZStride, i1 - i0, rows, width, false);
            } else if (sparseInput) {
                Matrices.multiplyTransposedAStridedSkippingZeros(grads, at, out, x, i0, in, dZq, dZColumn, dZStride,
                        i1 - i0, rows, width, false);
            } else {
                Matrices.multiplyTransposedAStrided(grads, at, out, x, i0, in, dZq, dZColumn, dZStride,
                        i1 - i0, rows, width, false);
            }
        }
        L2Penalty.addGradient(grads, params, wOffset + i0 * out, wOffset + i1 * out, l2);
        optimizer.update(params, grads, learningRate, wOffset + i0 * out, wOffset + i1 * out);
    }

    /**
     * Boundaries of the chunks of the first layer's units that each part's share of z is computed in, with
     * {@link #firstByInputs}: halving, in whole column stretches of the kernel (see {@link #chunks}).
     */
    static int[] firstColumnChunks(int units, boolean split) {
        return chunks(0, units, FIRST_COLUMN_ALIGNMENT, FIRST_COLUMN_ALIGNMENT, split);
    }

    /**
     * Lays out a phase's tasks, part by part, {@code tasksOf.applyAsInt(p)} of part p numbered from {@code firstTask}
     * on, in order; the last part's from the last task down, so that the helper, which claims tasks from the last
     * down (see {@link WorkTeam}), meets them in that same order, and takes the caller's last ones only when its
     * own are done, as the caller takes its.
     */
    private static void layOut(int[] part, int[] task, int parts, IntUnaryOperator tasksOf, int firstTask) {
        for (int p = 0, t = 0; p < parts; p++) {
            for (int u = 0, own = tasksOf.applyAsInt(p); u < own; u++, t++) {
                int at = p == parts - 1 && p > 0 ? part.length - 1 - u : t;
                part[at] = p;
                task[at] = firstTask + u;
            }
        }
    }

    /**
     * Boundaries of the chunks of the first layer's rows [from, to) that a part's update phase takes one by one,
     * largest first: half of what is left each time, in multiples of {@value #UPDATE_ROW_ALIGNMENT} rows, down to
     * {@value #MIN_CHUNK_ROWS}; one chunk when nothing can take them over ({@code split} false). The thread that
     * finishes its own part first then has small chunks of the other's to take, which evens out the two cores'
     * step-to-step differences in speed; each chunk costs a copy of the packed dZ panels (16 KiB per 128 rows of
     * the batch and 32 units).
     */
    static int[] chunks(int from, int to, boolean split) {
        return chunks(from, to, UPDATE_ROW_ALIGNMENT, MIN_CHUNK_ROWS, split);
    }

    /** As {@link #chunks(int, int, boolean)}, in multiples of {@code alignment} and no smaller than {@code min}. */
    static int[] chunks(int from, int to, int alignment, int min, boolean split) {
        var bounds = new java.util.ArrayList<Integer>();
        bounds.add(from);
        int at = from;
        while (split) {
            int size = Math.max(min, Math.ceilDiv(Math.ceilDiv(to - at, 2), alignment) * alignment);
            if (to - at - size < min) { // what is left is the last chunk
                break;
            }
            at += size;
            bounds.add(at);
        }
        if (to > at || bounds.size() == 1) {
            bounds.add(to);
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The inputs of part p's chunk of the update phase, transposed into the chunk's buffer as (its inputs, rows),
     * where the kernel would otherwise transpose them again for every block of units: two copies a step, 45-57 µs
     * each for a part's 392 × 128 at batch 128 on a Zen 3 host (one thread, in isolation: 517-611 µs for its two
     * products so, 425-496 on one copy). A buffer per chunk, as two threads may take two chunks of one part at
     * once. Null where the kernel does not transpose, for this step's rows.
     */
    private float[] transposedInputs(int p, int chunk) {
        int i0 = chunkFrom[p][chunk];
        int i1 = chunkFrom[p][chunk + 1];
        float[] xT = transposedX[p][chunk];
        if (xT == null || !transposesFirstInputs(i1 - i0, rows)) {
            return null;
        }
        Matrices.transposeStrided(xT, batches[p].x, i0, network.inputsOf(0), i1 - i0, rows);
        return xT;
    }

    /**
     * The non-zero steps of part p's chunk of the update phase's inputs, compacted into the chunk's buffer, where the
     * kernel compacts them for this step's rows; null otherwise. A buffer per chunk, as two threads may take two
     * chunks of one part at once.
     */
    private CompactedSteps compactedInputs(int p, int chunk) {
        int i0 = chunkFrom[p][chunk];
        int i1 = chunkFrom[p][chunk + 1];
        CompactedSteps compacted = compactedX[p][chunk];
        if (compacted == null || !compactsFirstInputs(i1 - i0, rows)) {
            return null;
        }
        Matrices.compactZeros(compacted, batches[p].x, i0, network.inputsOf(0), i1 - i0, rows);
        return compacted;
    }

    /** A part's share of {@code length} items: a {@code parts}-th of them, rounded up to a multiple of {@code alignment}. */
    private int alignedShare(int length, int alignment) {
        return Math.ceilDiv(Math.ceilDiv(length, parts), alignment) * alignment;
    }

    /** Part p's share of the first layer's inputs, i.e. rows of its W: [firstInputFrom(p), firstInputTo(p)). */
    private int firstInputFrom(int p) {
        return Math.min(network.inputsOf(0), p * alignedShare(network.inputsOf(0), UPDATE_ROW_ALIGNMENT));
    }

    private int firstInputTo(int p) {
        return Math.min(network.inputsOf(0), firstInputFrom(p) + alignedShare(network.inputsOf(0), UPDATE_ROW_ALIGNMENT));
    }

    /**
     * Where part p reads part q's units of hidden layer l (z, a or dZ): in q's block, or in p's own copy of the
     * whole layer where every part holds it all (the first layer with {@link #firstByInputs}); at column
     * {@link #columnOf} of rows {@link #strideOf} apart.
     */
    private float[] heldBy(float[][][] arrays, int l, int p, int q) {
        return arrays[l][l == 0 && firstByInputs ? p : q];
    }

    private int columnOf(int l, int q) {
        return l == 0 && firstByInputs ? unitFrom[0][q] : 0;
    }

    private int strideOf(int l, int q) {
        return l == 0 && firstByInputs ? network.unitsOf(0) : width(l, q);
    }

    /** How many of hidden layer l's units part p owns: the width of its blocks. */
    private int width(int l, int p) {
        return unitTo[l][p] - unitFrom[l][p];
    }

    /**
     * db = Σ over {@code rows} rows of dZ's columns [from, from + width), row stride {@code out}, in row order,
     * written to grads[at..] or, with {@code accumulate}, added to it.
     */
    private static void columnSums(float[] grads, int at, float[] dZ, int from, int width, int out, int rows,
                                   boolean accumulate) {
        int r = 0;
        if (!accumulate) {
            System.arraycopy(dZ, from, grads, at, width);
            r = 1;
        }
        for (; r < rows; r++) {
            for (int j = 0, row = r * out + from; j < width; j++) {
                grads[at + j] += dZ[row + j];
            }
        }
    }

    /** Whether part q wrote its partial input gradient of layer l this step: the output layer's part 0 always does. */
    private boolean wrotePartial(int l, int q) {
        return l == layers - 1 ? q == 0 : unitTo[l][q] > unitFrom[l][q];
    }
}
