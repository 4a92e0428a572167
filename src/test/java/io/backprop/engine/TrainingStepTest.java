package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step split into parts that own slices of every hidden layer's units must compute what the plain
 * serial step computes — gather, forward, backward over the whole batch, L2, one optimizer pass — for
 * every loss, optimizer and number of parts, including parts left without units (a 3-unit layer cut in
 * 5); and it must be reproducible bit for bit, whichever thread happens to run which part.
 */
class TrainingStepTest {

    /** Steps that ran, closed after each test so that none keeps the helper held (see TrainingStep#close). */
    private static final List<TrainingStep> OPENED = new ArrayList<>();

    private static TrainingStep opened(TrainingStep step) {
        OPENED.add(step);
        return step;
    }

    @AfterEach
    void closeSteps() {
        OPENED.forEach(TrainingStep::close);
        OPENED.clear();
    }

    /** A run holds the helper awake while its steps use it, lets it park while they run alone, and releases it at its end. */
    @Test
    void shouldHoldTheHelperWhileItsStepsUseItAndReleaseItWhenClosed() {
        org.junit.jupiter.api.Assumptions.assumeTrue(WorkTeam.SHARED != null, "one core: there is no helper");
        var spec = new NetworkSpec(40, List.of(LayerSpec.of(64, ActivationKind.RELU), LayerSpec.of(6, ActivationKind.SOFTMAX)),
                LossKind.CROSS_ENTROPY, null);
        var data = Data.random(spec, 5);
        int[] order = data.shuffledRows(1);
        int before = WorkTeam.SHARED.holds();
        try (var alone = new TrainingStep(Network.initialize(spec, 1), new Sgd(), data.x, data.y, 16, 2, HelperPolicy.fixed(false));
             var shared = new TrainingStep(Network.initialize(spec, 1), new Sgd(), data.x, data.y, 16, 2, HelperPolicy.fixed(true))) {
            alone.train(order, 0, 16, 0.05f, 0, new RowWeightedMeans(true));
            assertThat(WorkTeam.SHARED.holds()).isEqualTo(before);
            shared.train(order, 0, 16, 0.05f, 0, new RowWeightedMeans(true));
            shared.train(order, 16, 16, 0.05f, 0, new RowWeightedMeans(true));
            assertThat(WorkTeam.SHARED.holds()).isEqualTo(before + 1);
        }
        assertThat(WorkTeam.SHARED.holds()).isEqualTo(before);
    }


    private static final int ROWS = 37;
    private static final int INPUTS = 9;
    private static final float L2 = 0.01f;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(ActivationKind.RELU, ActivationKind.SOFTMAX, LossKind.CROSS_ENTROPY, "sgd"),
                Arguments.of(ActivationKind.TANH, ActivationKind.SOFTMAX, LossKind.KL_DIVERGENCE, "adam"),
                Arguments.of(ActivationKind.LEAKY_RELU, ActivationKind.SIGMOID, LossKind.BINARY_CROSS_ENTROPY, "rmsprop"),
                Arguments.of(ActivationKind.SIGMOID, ActivationKind.LINEAR, LossKind.MSE, "momentum"));
    }

    @ParameterizedTest(name = "{0}/{1} {2} {3}")
    @MethodSource("cases")
    void shouldUpdateTheParametersAsTheSerialStepDoesWithAnyNumberOfParts(ActivationKind hidden, ActivationKind output,
                                                                         LossKind loss, String optimizer) {
        // Given a network, its data, and three batches of 16, 16 and 5 rows in a shuffled order
        for (int[] widths : new int[][] {{24, 3}, {100, 40}}) { // 100 and 40 split at multiples of 16
            compareWithTheSerialStep(new NetworkSpec(INPUTS, List.of(LayerSpec.of(widths[0], hidden),
                    LayerSpec.of(widths[1], hidden), LayerSpec.of(6, output)), loss, null), optimizer);
        }
    }

    @ParameterizedTest(name = "{0}/{1} {2} {3}")
    @MethodSource("cases")
    void shouldUpdateTheParametersAsTheSerialStepDoesWithTheFirstLayerSplitByInputs(ActivationKind hidden,
                                                                                  ActivationKind output, LossKind loss,
                                                                                  String optimizer) {
        // 40 inputs and batches of at most 16 rows: the parts split the first layer's product by inputs (16, 16
        // and 8 of them, none for the fourth and fifth of five parts), with one hidden layer and with two
        List<List<LayerSpec>> networks = List.of(
                List.of(LayerSpec.of(24, hidden), LayerSpec.of(6, output)),
                List.of(LayerSpec.of(3, hidden), LayerSpec.of(6, output)), // parts 3 and 4 of five have no units
                List.of(LayerSpec.of(100, hidden), LayerSpec.of(3, hidden), LayerSpec.of(6, output)));
        for (List<LayerSpec> layers : networks) {
            var spec = new NetworkSpec(40, layers, loss, null);
            assertThat(splitsFirstLayerByInputs(spec, 16)).isTrue();
            compareWithTheSerialStep(spec, optimizer);
        }
        assertThat(splitsFirstLayerByInputs(new NetworkSpec(40, networks.getFirst(), loss, null), 20)).isFalse();
    }

    /**
     * Image-like rows with the first layer's forward split by inputs. At 300 inputs and batches of 70 rows
     * (112 to 160 inputs a part), each part's product is big enough for packed panels, so it skips the runs of
     * steps at which two or four neighbouring images are all zero (see {@link ZeroRuns}; each tile fixed in turn);
     * at 70 inputs and 32 rows it does not. Either way the step must agree with the serial one.
     */
    @ParameterizedTest(name = "{0}, {1} inputs, batches of {2}, {3} tiles")
    @CsvSource({"sgd, 70, 32, pairs", "momentum, 70, 32, pairs", "sgd, 300, 70, pairs", "momentum, 300, 70, pairs",
            "sgd, 300, 70, fours", "momentum, 300, 70, fours"})
    void shouldUpdateTheParametersAsTheSerialStepDoesOnImagesWithTheFirstLayerSplitByInputs(String optimizer, int inputs,
                                                                                          int batch, String tiles) {
        var spec = new NetworkSpec(inputs, List.of(LayerSpec.of(130, ActivationKind.RELU), LayerSpec.of(40, ActivationKind.RELU),
                LayerSpec.of(6, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        var data = Data.imageLike(spec, 3, 150);
        assertThat(splitsFirstLayerByInputs(spec, batch)).isTrue();
        ZeroRuns.Costs costs = tiles.equals("fours") ? ZeroRuns.Costs.FOURS : ZeroRuns.Costs.PAIRS;
        ZeroRuns.Costs before = ZeroRuns.use(costs);
        try {
            int[][] batches = {{0, batch}, {batch, batch}, {2 * batch, Math.min(19, 150 - 2 * batch)}};
            compareWithTheSerialStep(spec, optimizer, data, batches, batch);
        } finally {
            ZeroRuns.use(before);
        }
    }

    /**
     * 96 inputs (48 a part) and 256 units (two blocks of 128): with 8-float vectors the kernel takes a part's Xᵀ·dZ
     * on a transposed copy of X, block by block, so the part makes that copy once a step instead; and where the
     * inputs are image-like, over their non-zero steps compacted, so the part compacts them once a step.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"sgd", "momentum"})
    void shouldUpdateTheParametersAsTheSerialStepDoesWhenEachPartTransposesOrCompactsItsInputsOnce(String optimizer) {
        var spec = new NetworkSpec(96, List.of(LayerSpec.of(256, ActivationKind.RELU), LayerSpec.of(6, ActivationKind.SOFTMAX)),
                LossKind.CROSS_ENTROPY, null);
        var dense = opened(new TrainingStep(Network.initialize(spec, 1), optimizer("sgd", spec), Data.random(spec, 5).x(),
                new float[ROWS * 6], 16, 2));
        assertThat(dense.transposesInputsOnce()).isEqualTo(Matrices.transposesA(48, 16, 128));
        assertThat(dense.compactsInputsOnce()).isFalse();
        compareWithTheSerialStep(spec, optimizer); // batches of 16 rows: the first layer's forward split by inputs
        var images = Data.imageLike(spec, 3, 150);
        var sparse = opened(new TrainingStep(Network.initialize(spec, 1), optimizer("sgd", spec), images.x(), images.y(), 64, 2));
        assertThat(sparse.compactsInputsOnce()).isEqualTo(Matrices.compactsZeros(48, 64, 128));
        assertThat(sparse.transposesInputsOnce()).isEqualTo(!sparse.compactsInputsOnce() && Matrices.transposesA(48, 64, 128));
        assertThat(splitsFirstLayerByInputs(spec, 64)).isFalse();
        compareWithTheSerialStep(spec, optimizer, images, new int[][] {{0, 64}, {64, 64}, {128, 22}}, 64);
    }

    /**
     * Element by element, failing at the first difference beyond the tolerance with its index: AssertJ's
     * {@code containsExactly(…, within(…))} reports a failure of arrays this long by diffing them as lists,
     * which took over ten minutes for a network's parameters.
     */
    private static void assertEachWithin(float[] actual, float[] expected, float tolerance, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("%s [%d]", what, i).isCloseTo(expected[i], within(tolerance));
        }
    }

    private static boolean splitsFirstLayerByInputs(NetworkSpec spec, int maxRows) {
        var network = Network.initialize(spec, 1);
        return opened(new TrainingStep(network, optimizer("sgd", spec), new float[spec.inputSize()], new float[spec.outputSize()],
                maxRows, 2)).splitsFirstLayerByInputs();
    }

    /**
     * Image-like inputs, with most groups of four neighbouring pixels zero: the first layer's weight gradient
     * skips those zeros, and the step must still agree with the serial one. 70 inputs: 16 tiles listed four at
     * a time, one alone and a two-row tail; batches of 80 and 70 rows: lists over two 64-step panels, each of
     * several 16-step stretches; one and two parts have at least one whole 64-column stretch each, so the
     * packed tiles run (three and five parts do not).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"sgd", "momentum"}) // not Adam: its first steps are about lr·sign(g), which rounding flips for g ≈ 0
    void shouldUpdateTheParametersAsTheSerialStepDoesOnImagesWhoseZerosItSkips(String optimizer) {
        var spec = new NetworkSpec(70, List.of(LayerSpec.of(130, ActivationKind.RELU), LayerSpec.of(40, ActivationKind.RELU),
                LayerSpec.of(6, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        var data = Data.imageLike(spec, 3, 150);
        assertThat(TrainingStep.zeroGroupShare(data.x, 70)).isGreaterThan(TrainingStep.SPARSE_INPUT_SHARE);
        compareWithTheSerialStep(spec, optimizer, data, new int[][] {{0, 80}, {80, 70}}, 80);
    }

    @Test
    void shouldTellImagesFromDenseFeaturesByTheirGroupsOfZeros() {
        float[] dense = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1, 0, 2, 0, 3};
        float[] images = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
        assertThat(TrainingStep.zeroGroupShare(dense, 8)).isZero();
        assertThat(TrainingStep.zeroGroupShare(images, 8)).isEqualTo(0.75);
        assertThat(TrainingStep.zeroGroupShare(new float[3], 3)).isZero(); // fewer than four inputs: no group
    }

    private void compareWithTheSerialStep(NetworkSpec spec, String optimizer) {
        compareWithTheSerialStep(spec, optimizer, Data.random(spec, 5), new int[][] {{0, 16}, {16, 16}, {32, 5}}, 16);
    }

    private void compareWithTheSerialStep(NetworkSpec spec, String optimizer, Data data, int[][] batches, int maxRows) {
        int[] order = data.shuffledRows(7);

        // When the serial step and the split step each train a copy of the network
        var expected = Network.initialize(spec, 11);
        var serial = new SerialStep(expected, optimizer(optimizer, spec), data, maxRows);
        var expectedMeans = new RowWeightedMeans(spec.isClassifier());
        float[] expectedFirstGradients = null;
        for (int[] batch : batches) {
            serial.train(order, batch[0], batch[1], expectedMeans);
            expectedFirstGradients = expectedFirstGradients == null ? serial.grads().clone() : expectedFirstGradients;
        }
        for (int parts : new int[] {1, 2, 3, 5}) {
            var actual = Network.initialize(spec, 11);
            var step = opened(new TrainingStep(actual, optimizer(optimizer, spec), data.x, data.y, maxRows, parts));
            var actualMeans = new RowWeightedMeans(spec.isClassifier());
            float[] actualFirstGradients = null;
            for (int[] batch : batches) {
                step.train(order, batch[0], batch[1], 0.05f, L2, actualMeans);
                actualFirstGradients = actualFirstGradients == null ? step.gradients().clone() : actualFirstGradients;
            }

            // Then both take the same gradients, end with the same parameters up to the order of float sums, and
            // report the same cost and accuracy. RMSprop's first steps are nearly lr·sign(g), so the rounding
            // of a near-zero gradient moves its parameter by up to 2.4e-4 (seen: a gradient of -1.8e-7 that
            // differed in its last bits, where SGD's parameters agreed to 3e-8); a lost or doubled part moves
            // the gradients by far more than 1e-6 and SGD's parameters by 1e-3 and more.
            assertEachWithin(actualFirstGradients, expectedFirstGradients, 1e-6f, parts + " parts, first gradients");
            float tolerance = optimizer.equals("rmsprop") ? 5e-4f : 2e-5f;
            assertEachWithin(actual.parameters(), expected.parameters(), tolerance, parts + " parts, parameters");
            assertThat(actualMeans.cost()).as("%d parts", parts).isCloseTo(expectedMeans.cost(), within(1e-5));
            if (spec.isClassifier()) {
                assertThat(actualMeans.accuracy()).isCloseTo(expectedMeans.accuracy(), within(1e-12));
            }
        }
    }

    @ParameterizedTest(name = "{0} parts, {1} rows x {2} inputs")
    @CsvSource({"2, 1000, 1100", "3, 1000, 1100", "2, 500, 2300", "3, 500, 2300"})
    void shouldShareOneGatheredBatchAmongThePartsWhenItIsLarge(int parts, int rows, int inputs) {
        // over SHARED_BATCH_FLOATS, so the parts gather slices of one copy; with 500 rows of 2,300 inputs the
        // first layer is split by inputs too
        assertThat((long) rows * inputs).isGreaterThan(TrainingStep.SHARED_BATCH_FLOATS);
        var spec = new NetworkSpec(inputs, List.of(LayerSpec.of(40, ActivationKind.RELU),
                LayerSpec.of(3, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        var random = new SplittableRandom(8);
        float[] x = new float[rows * inputs];
        float[] y = new float[rows * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < rows; r++) {
            y[r * 3 + random.nextInt(3)] = 1;
        }
        var order = new RowOrder(rows, 0, true, 2);
        order.nextEpoch();
        var expected = Network.initialize(spec, 5);
        var serial = new SerialStep(expected, optimizer("sgd", spec), new Data(x, y, rows), rows);
        var actual = Network.initialize(spec, 5);
        var step = opened(new TrainingStep(actual, optimizer("sgd", spec), x, y, rows, parts));
        assertThat(step.splitsFirstLayerByInputs()).isEqualTo(2 * rows < inputs);
        var expectedMeans = new RowWeightedMeans(true);
        var actualMeans = new RowWeightedMeans(true);
        for (int epoch = 0; epoch < 3; epoch++) {
            serial.train(order.order(), 0, rows, expectedMeans);
            step.train(order.order(), 0, rows, 0.05f, L2, actualMeans);
        }
        assertEachWithin(actual.parameters(), expected.parameters(), 2e-5f, "parameters");
        assertThat(actualMeans.cost()).isCloseTo(expectedMeans.cost(), within(1e-5));
    }

    @Test
    void shouldRefuseABatchOfNoRowsOrMoreThanItsBuffersHold() {
        var spec = new NetworkSpec(INPUTS, List.of(LayerSpec.of(8, ActivationKind.RELU),
                LayerSpec.of(2, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        var data = Data.random(spec, 1);
        var step = opened(new TrainingStep(Network.initialize(spec, 1), new Sgd(), data.x, data.y, 16, 2));
        int[] order = data.shuffledRows(1);
        var means = new RowWeightedMeans(true);
        assertThatThrownBy(() -> step.train(order, 0, 0, 0.1f, 0, means)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> step.train(order, 0, 17, 0.1f, 0, means)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} parts")
    @ValueSource(ints = {1, 2, 3})
    void shouldTrainANetworkWithoutHiddenLayersAsTheSerialStepDoes(int parts) {
        // softmax regression: the output layer is the only one, so its slices also gather the batch
        var spec = new NetworkSpec(INPUTS, List.of(LayerSpec.of(4, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
        var data = Data.random(spec, 21);
        int[] order = data.shuffledRows(5);
        var expected = Network.initialize(spec, 3);
        var serial = new SerialStep(expected, optimizer("adam", spec), data, 16);
        var actual = Network.initialize(spec, 3);
        var step = opened(new TrainingStep(actual, optimizer("adam", spec), data.x, data.y, 16, parts));
        var expectedMeans = new RowWeightedMeans(true);
        var actualMeans = new RowWeightedMeans(true);
        for (int first = 0; first < ROWS; first += 16) {
            serial.train(order, first, Math.min(16, ROWS - first), expectedMeans);
            step.train(order, first, Math.min(16, ROWS - first), 0.05f, L2, actualMeans);
        }
        assertEachWithin(actual.parameters(), expected.parameters(), 2e-5f, "parameters");
        assertThat(actualMeans.cost()).isCloseTo(expectedMeans.cost(), within(1e-6));
    }

    @ParameterizedTest(name = "{0}/{1} {2} {3}")
    @MethodSource("cases")
    void shouldGiveTheSameBitsOnEveryRun(ActivationKind hidden, ActivationKind output, LossKind loss, String optimizer) {
        var spec = new NetworkSpec(INPUTS, List.of(LayerSpec.of(64, hidden), LayerSpec.of(40, hidden),
                LayerSpec.of(6, output)), loss, null);
        var data = Data.random(spec, 9);
        int[] order = data.shuffledRows(3);
        float[][] results = new float[4][];
        for (int run = 0; run < results.length; run++) {
            var network = Network.initialize(spec, 4);
            var step = opened(new TrainingStep(network, optimizer(optimizer, spec), data.x, data.y, ROWS, 2));
            for (int epoch = 0; epoch < 20; epoch++) {
                step.train(order, 0, ROWS, 0.05f, L2, new RowWeightedMeans(spec.isClassifier()));
            }
            results[run] = network.parameters();
        }
        for (int run = 1; run < results.length; run++) {
            assertThat(results[run]).as("run %d", run).isEqualTo(results[0]);
        }
    }

    @ParameterizedTest(name = "{0}/{1} {2} {3}")
    @MethodSource("cases")
    void shouldGiveTheSameBitsWithOrWithoutTheHelperThread(ActivationKind hidden, ActivationKind output, LossKind loss,
                                                            String optimizer) {
        // the whole data as one batch: the first layer split by units; batches of 16 rows of 40 inputs: by inputs;
        // 400 inputs and 256 units: each part's share of the first layer's z in chunks of columns, and its rows of
        // W updated in chunks of rows, which either thread may take (see TrainingStep.chunks)
        assertSameBitsWithOrWithoutTheHelper(INPUTS, ROWS, 64, false, hidden, output, loss, optimizer);
        assertSameBitsWithOrWithoutTheHelper(40, 16, 64, true, hidden, output, loss, optimizer);
        assertSameBitsWithOrWithoutTheHelper(400, 16, 256, true, hidden, output, loss, optimizer);
    }

    /**
     * The update phase cuts each part's rows of the first layer's W into chunks, largest first, so that the thread
     * done first can take the other's last and smallest ones: whole tiles of rows, halving, down to MIN_CHUNK_ROWS.
     */
    @Test
    void shouldCutEachPartsRowsOfTheFirstLayerIntoHalvingChunksOfWholeTiles() {
        assertThat(TrainingStep.chunks(0, 400, true)).containsExactly(0, 208, 304, 352, 384, 400); // Fashion-MNIST's part 0
        assertThat(TrainingStep.chunks(400, 784, true)).containsExactly(400, 592, 688, 736, 768, 784); // and part 1
        assertThat(TrainingStep.chunks(208, 400, true)).containsExactly(208, 304, 352, 384, 400);
        assertThat(TrainingStep.chunks(0, 31, true)).containsExactly(0, 31); // too few rows to cut
        assertThat(TrainingStep.chunks(0, 33, true)).containsExactly(0, 33); // 32 + 1: the last too small
        assertThat(TrainingStep.chunks(0, 97, true)).containsExactly(0, 64, 97); // 64 + 33: not 32 + 1
        assertThat(TrainingStep.chunks(0, 96, true)).containsExactly(0, 48, 80, 96);
        assertThat(TrainingStep.chunks(0, 400, false)).containsExactly(0, 400); // one part: nothing to even out
        assertThat(TrainingStep.chunks(70, 70, true)).containsExactly(70, 70); // a part with no inputs
        // the first layer's forward: its 256 units in chunks of whole column stretches of the kernel's tiles
        assertThat(TrainingStep.chunks(0, 256, 64, 64, true)).containsExactly(0, 128, 192, 256);
        assertThat(TrainingStep.chunks(0, 256, 32, 32, true)).containsExactly(0, 128, 192, 224, 256);
        int tile = Math.max(16, Matrices.columnTile());
        int[] columns = TrainingStep.firstColumnChunks(256, true);
        for (int c = 0; c + 1 < columns.length; c++) {
            assertThat(columns[c] % tile).as("chunk %d of %s", c, Arrays.toString(columns)).isZero();
        }
        for (int rows = 1; rows <= 800; rows++) {
            int[] bounds = TrainingStep.chunks(16, 16 + rows, true);
            assertThat(bounds[0]).isEqualTo(16);
            assertThat(bounds[bounds.length - 1]).isEqualTo(16 + rows);
            for (int c = 0; c + 1 < bounds.length; c++) {
                int size = bounds[c + 1] - bounds[c];
                assertThat(size).as("%d rows, chunk %d", rows, c).isPositive();
                if (c + 2 < bounds.length) { // all but the last: whole tiles, no smaller than the next
                    assertThat(size % 16).as("%d rows, chunk %d", rows, c).isZero();
                    assertThat(size).isGreaterThanOrEqualTo(bounds[c + 2] - bounds[c + 1]);
                    assertThat(size).isGreaterThanOrEqualTo(TrainingStep.MIN_CHUNK_ROWS);
                }
            }
        }
    }

    private static void assertSameBitsWithOrWithoutTheHelper(int inputs, int batch, int units, boolean byInputs,
                                                             ActivationKind hidden, ActivationKind output, LossKind loss,
                                                             String optimizer) {
        var spec = new NetworkSpec(inputs, List.of(LayerSpec.of(units, hidden), LayerSpec.of(40, hidden),
                LayerSpec.of(6, output)), loss, null);
        var data = Data.random(spec, 9);
        int[] order = data.shuffledRows(3);
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            var network = Network.initialize(spec, 4);
            var step = opened(new TrainingStep(network, optimizer(optimizer, spec), data.x, data.y, batch, 2,
                    HelperPolicy.fixed(run == 0)));
            assertThat(step.splitsFirstLayerByInputs()).isEqualTo(byInputs);
            for (int epoch = 0; epoch < 10; epoch++) {
                for (int from = 0; from < ROWS; from += batch) {
                    step.train(order, from, Math.min(batch, ROWS - from), 0.05f, L2, new RowWeightedMeans(spec.isClassifier()));
                }
            }
            results[run] = network.parameters();
        }
        assertThat(results[1]).as("%d inputs, batches of %d", inputs, batch).isEqualTo(results[0]);
    }

    @ParameterizedTest(name = "{0}/{1} {2} {3}")
    @MethodSource("cases")
    void shouldEvaluateAsOneForwardPassOverAllRows(ActivationKind hidden, ActivationKind output, LossKind loss,
                                                   String optimizer) {
        var spec = new NetworkSpec(INPUTS, List.of(LayerSpec.of(24, hidden), LayerSpec.of(6, output)), loss, null);
        var data = Data.random(spec, 13);
        var network = Network.initialize(spec, 2);
        int[] rows = data.shuffledRows(1);
        var pass = new Backpropagation(network, ROWS);
        var gathered = new MiniBatch(data.x, data.y, INPUTS, spec.outputSize(), ROWS);
        gathered.gather(rows, 0, ROWS);
        pass.forward(gathered.x, ROWS);

        var means = new RowWeightedMeans(spec.isClassifier());
        opened(new TrainingStep(network, optimizer(optimizer, spec), data.x, data.y, 10, 2)).evaluate(rows, means);

        assertThat(means.cost()).isCloseTo(pass.loss(gathered.y, ROWS), within(1e-6));
        if (spec.isClassifier()) {
            assertThat(means.accuracy()).isCloseTo(pass.correct(gathered.y, ROWS) / ROWS, within(1e-12));
        }
    }

    private static Optimizer optimizer(String name, NetworkSpec spec) {
        int count = (int) spec.parameterCount();
        return name.equals("momentum") ? new Sgd(count, 0.9f, true)
                : Optimizers.create(OptimizerOptions.defaults(name), count);
    }

    /** The step as the trainer made it before parts: one pass over the whole batch, then one optimizer pass. */
    private record SerialStep(Network network, Optimizer optimizer, MiniBatch batch, Backpropagation pass, float[] grads) {

        SerialStep(Network network, Optimizer optimizer, Data data, int maxRows) {
            this(network, optimizer, new MiniBatch(data.x, data.y, network.spec().inputSize(), network.spec().outputSize(),
                    maxRows), new Backpropagation(network, maxRows), new float[network.parameters().length]);
        }

        void train(int[] order, int first, int count, RowWeightedMeans means) {
            batch.gather(order, first, count);
            pass.forward(batch.x, count);
            means.add(pass.loss(batch.y, count),
                    network.spec().isClassifier() ? pass.correct(batch.y, count) : 0, count);
            pass.backward(grads, batch.x, batch.y, count);
            L2Penalty.addGradient(grads, network, L2);
            optimizer.step(network.parameters(), grads, 0.05f);
        }
    }

    /** Gaussian inputs; one-hot targets for softmax, values in [0, 1] otherwise. */
    private record Data(float[] x, float[] y, int rows) {

        static Data random(NetworkSpec spec, long seed) {
            var random = new SplittableRandom(seed);
            int outputs = spec.outputSize();
            float[] x = new float[ROWS * spec.inputSize()];
            float[] y = new float[ROWS * outputs];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            return withTargets(spec, x, y, random);
        }

        /** {@code rows} rows, each zero outside one stretch of its inputs and zero at half the rest. */
        static Data imageLike(NetworkSpec spec, long seed, int rows) {
            var random = new SplittableRandom(seed);
            int inputs = spec.inputSize();
            float[] x = new float[rows * inputs];
            int groupFrom = 0;
            for (int r = 0; r < rows; r++) {
                if (r % 4 == 0) { // neighbouring images have their objects in about the same place
                    groupFrom = random.nextInt(inputs / 2);
                }
                int from = Math.min(inputs / 2 - 1, groupFrom + random.nextInt(4));
                int to = from + random.nextInt(inputs / 4, inputs / 2);
                for (int i = from; i < to; i++) {
                    x[r * inputs + i] = random.nextBoolean() ? (float) random.nextDouble() : 0f;
                }
            }
            return withTargets(spec, x, new float[rows * spec.outputSize()], random);
        }

        private static Data withTargets(NetworkSpec spec, float[] x, float[] y, SplittableRandom random) {
            int outputs = spec.outputSize();
            boolean oneHot = spec.layers().getLast().activation() == ActivationKind.SOFTMAX;
            for (int r = 0; r < y.length / outputs; r++) {
                if (oneHot) {
                    y[r * outputs + random.nextInt(outputs)] = 1;
                } else {
                    for (int k = 0; k < outputs; k++) {
                        y[r * outputs + k] = (float) random.nextDouble();
                    }
                }
            }
            return new Data(x, y, y.length / outputs);
        }

        int[] shuffledRows(long seed) {
            var order = new RowOrder(rows, 0, true, seed);
            order.nextEpoch();
            return order.order();
        }
    }
}
