package io.backprop.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * One mini-batch step of training — gather, forward, loss, backward, L2, update — on both cores, in two
 * phases that each end when all their tasks are done (tasks are claimed through the {@link WorkTeam}):
 * <ol>
 *   <li><b>Lanes.</b> The batch's rows are split into {@code lanes} slices. Each lane gathers its rows and
 *       runs the forward pass, the loss and the backward pass down to every layer's dZ on its own buffers.
 *       Every row's work is independent of the others', so the lanes need nothing from each other, and
 *       every element-wise pass (bias, activation and its derivative, the loss's gradient) is split too.</li>
 *   <li><b>Parameter blocks.</b> The parameters are cut into blocks: a few rows of one layer's W, or one
 *       layer's b. A block's task sums its gradient over the lanes (dW rows = Σ_lanes xᵀ·dZ), adds the L2
 *       term and runs the optimizer over it while it is still in cache: the optimizer's pass over the
 *       parameters is fused with the weight gradient. No block needs another's, and the weights are no
 *       longer read once the lanes are done, so a block can be updated as soon as its gradient is known.</li>
 * </ol>
 * A lane's products run on its own thread; a step whose lanes were all claimed by the caller (the helper
 * busy for another job) is the plain serial step. Which thread runs what never changes the numbers: each
 * lane's rows and each block's summation order are fixed, so a run is reproducible bit for bit.
 *
 * <p>Legend as {@link Backpropagation}: B ≤ maxRows rows, I inputs, O_l units of layer l.
 * All buffers are allocated here; a step allocates nothing. Not thread-safe: one per training run.
 */
final class TrainingStep {

    /** A lane gets at least this many rows: below it, handing work over costs more than it saves. */
    static final int MIN_LANE_ROWS = 8;
    /** Nor is a batch split when its forward pass is smaller than this (multiply-adds). */
    static final long MIN_SPLIT_FMAS = 1L << 16;
    /** Parameter blocks are made about this large (multiply-adds of their gradient) to even out the two threads. */
    private static final long BLOCK_FMAS = 1L << 18;
    /** Rows of W per block are a multiple of this: the kernel's micro-tile height. */
    private static final int BLOCK_ROW_MULTIPLE = 4;

    private final Network network;
    private final Optimizer optimizer;
    private final float[] grads; // (parameterCount), laid out as the parameters
    private final Lane[] lanes;
    private final int[] blockLayer; // per block, biggest first
    private final int[] blockFrom; // first row of W, or -1 for the layer's bias
    private final int[] blockTo;
    private final WorkTeam.Tasks laneTasks = this::runLane;
    private final WorkTeam.Tasks blockTasks = this::updateBlock;

    // the step in progress, set by the caller before each phase
    private int[] rowOrder;
    private int meanRows;
    private int activeLanes;
    private boolean backward;
    private float learningRate;
    private float l2;

    /**
     * @param maxRows  the largest batch
     * @param lanes    how many slices a batch is split into at most; {@link #lanesFor} gives the usual choice
     */
    TrainingStep(Network network, Optimizer optimizer, float[] x, float[] y, int maxRows, int lanes) {
        this.network = network;
        this.optimizer = optimizer;
        this.grads = new float[network.parameters().length];
        var spec = network.spec();
        int laneRows = Math.ceilDiv(maxRows, lanes);
        this.lanes = new Lane[lanes];
        for (int j = 0; j < lanes; j++) {
            this.lanes[j] = new Lane(new MiniBatch(x, y, spec.inputSize(), spec.outputSize(), laneRows),
                    new Backpropagation(network, laneRows));
        }
        var blocks = parameterBlocks(network, maxRows);
        this.blockLayer = blocks[0];
        this.blockFrom = blocks[1];
        this.blockTo = blocks[2];
    }

    /** Two lanes when there is a second core and the batch is worth splitting, else one. */
    static int lanesFor(Network network, int maxRows) {
        long forwardFmas = (long) maxRows * network.parameters().length;
        boolean split = WorkTeam.SHARED != null && maxRows >= 2 * MIN_LANE_ROWS && forwardFmas >= MIN_SPLIT_FMAS;
        return split ? 2 : 1;
    }

    /**
     * Trains on rows order[first .. first+count) of the data: adds the batch's loss (taken before the
     * update) to {@code means}, then updates the parameters at {@code learningRate} with an L2 term.
     */
    void train(int[] order, int first, int count, float learningRate, float l2, RowWeightedMeans means) {
        runLanes(order, first, count, true, means);
        optimizer.beginStep();
        this.learningRate = learningRate;
        this.l2 = l2;
        WorkTeam.runAll(blockTasks, blockLayer.length);
    }

    /** The last step's gradients, L2 included, laid out as the parameters. */
    float[] gradients() {
        return grads;
    }

    /** Forward passes only over {@code rows}, batch by batch, averaged into {@code means}. */
    void evaluate(int[] rows, RowWeightedMeans means) {
        means.reset();
        int batchRows = lanes.length * lanes[0].batch.capacity();
        for (int first = 0; first < rows.length; first += batchRows) {
            runLanes(rows, first, Math.min(batchRows, rows.length - first), false, means);
        }
    }

    /** Phase 1 over rows order[first .. first+count). */
    private void runLanes(int[] order, int first, int count, boolean backward, RowWeightedMeans means) {
        int perLane = Math.ceilDiv(count, lanes.length);
        int active = 0;
        for (Lane lane : lanes) {
            int from = first + active * perLane;
            lane.first = from;
            lane.rows = Math.max(0, Math.min(perLane, first + count - from));
            if (lane.rows > 0) {
                active++;
            }
        }
        this.rowOrder = order;
        this.meanRows = count;
        this.backward = backward;
        this.activeLanes = active;
        WorkTeam.runAll(laneTasks, active);
        this.rowOrder = null;
        for (int j = 0; j < active; j++) { // in lane order, so the sums do not depend on the threads
            means.add(lanes[j].loss, lanes[j].correct, lanes[j].rows);
        }
    }

    private void runLane(int j) {
        Lane lane = lanes[j];
        int rows = lane.rows;
        lane.batch.gather(rowOrder, lane.first, rows);
        lane.pass.forward(lane.batch.x, rows);
        lane.loss = lane.pass.loss(lane.batch.y, rows);
        lane.correct = network.spec().isClassifier() ? lane.pass.correct(lane.batch.y, rows) : 0;
        if (backward) {
            lane.pass.backwardDeltas(lane.batch.y, rows, meanRows);
        }
    }

    /** Phase 2, block t: its gradient summed over the active lanes, then L2 and the optimizer over it. */
    private void updateBlock(int t) {
        int l = blockLayer[t];
        int in = network.inputsOf(l);
        int out = network.unitsOf(l);
        float[] params = network.parameters();
        int from;
        int to;
        if (blockFrom[t] < 0) {
            from = network.biasOffset(l);
            to = from + out;
            for (int j = 0; j < activeLanes; j++) {
                Dense.biasGradient(grads, from, lanes[j].pass.delta(l), lanes[j].rows, out, j > 0);
            }
        } else {
            int w = network.weightOffset(l);
            for (int j = 0; j < activeLanes; j++) {
                Lane lane = lanes[j];
                Matrices.multiplyTransposedARows(grads, w, lane.pass.layerInput(l, lane.batch.x), 0,
                        lane.pass.delta(l), 0, in, lane.rows, out, blockFrom[t], blockTo[t], j > 0);
            }
            from = w + blockFrom[t] * out;
            to = w + blockTo[t] * out;
            L2Penalty.addGradient(grads, params, from, to, l2);
        }
        optimizer.update(params, grads, learningRate, from, to);
    }

    /**
     * The blocks, as {layer, first row of W or -1 for b, end row}, biggest first, so that the last blocks
     * to be claimed are small and the two threads finish together.
     */
    private static int[][] parameterBlocks(Network network, int maxRows) {
        var blocks = new ArrayList<int[]>();
        for (int l = 0; l < network.layerCount(); l++) {
            int in = network.inputsOf(l);
            int out = network.unitsOf(l);
            long rowFmas = (long) out * maxRows;
            int rows = (int) Math.clamp(BLOCK_FMAS / rowFmas / BLOCK_ROW_MULTIPLE * BLOCK_ROW_MULTIPLE,
                    BLOCK_ROW_MULTIPLE, Math.max(in, BLOCK_ROW_MULTIPLE));
            for (int i = 0; i < in; i += rows) {
                blocks.add(new int[] {l, i, Math.min(in, i + rows)});
            }
            blocks.add(new int[] {l, -1, 0});
        }
        Comparator<int[]> bySize = Comparator.comparingLong(b -> b[1] < 0
                ? (long) network.unitsOf(b[0]) : (long) (b[2] - b[1]) * network.unitsOf(b[0]));
        int[][] sorted = blocks.stream().sorted(bySize.reversed()).toArray(int[][]::new);
        return IntStream.range(0, 3)
                .mapToObj(field -> Arrays.stream(sorted).mapToInt(b -> b[field]).toArray())
                .toArray(int[][]::new);
    }

    /** A slice of the batch with its own gather buffers and pass buffers. */
    private static final class Lane {
        final MiniBatch batch;
        final Backpropagation pass;
        int first; // into the row order
        int rows;
        double loss; // mean over the lane's rows
        double correct;

        Lane(MiniBatch batch, Backpropagation pass) {
            this.batch = batch;
            this.pass = pass;
        }
    }
}
