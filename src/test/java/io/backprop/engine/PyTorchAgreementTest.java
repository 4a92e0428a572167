package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine trains exactly as PyTorch does: every case of {@code fixtures/pytorch/*.json} (written by
 * {@code fixtures/generate_fixtures.py}, which documents the format and how each loss, optimizer, L2 and
 * schedule is expressed in PyTorch) starts from the same parameters, trains on the same rows in stored
 * order, and must reach every epoch's cost and every final parameter to within {@value #RELATIVE}
 * relative.
 *
 * <p>Both sides compute in float32, so they may differ by rounding only: a few ulps per operation,
 * compounded over at most 10 epochs (the script records each case's float32-vs-float64 deviation, at
 * most about 5e-6). The relative tolerance is taken against {@code max(|expected|, }{@value #FLOOR}{@code )}:
 * a parameter's rounding error scales with the values that were summed into it (initial weights and
 * updates of order 0.1–1), not with its final value, which may happen to end near zero; the floor lets
 * such a parameter differ by 1e-6 absolute instead of demanding ever more digits of a near-zero result.
 * Costs here lie between 0.02 and 2.2, above the floor, so they are held to the plain relative bound.
 */
class PyTorchAgreementTest {

    private static final double RELATIVE = 1e-4;
    private static final double FLOOR = 0.01;
    private static final String FIXTURES = "fixtures/pytorch";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The largest |actual − expected| / max(|expected|, FLOOR) seen, for the report at the end. */
    private static double worstCost;
    private static double worstParameter;
    private static String worstCostCase = "";
    private static String worstParameterCase = "";

    record FixtureFile(String generator, String torch, List<Case> cases) {
    }

    record Case(String name, Spec spec, OptimizerJson optimizer, double learningRate, ScheduleJson schedule,
                int epochs, int batchSize, double l2, boolean shuffle, int rows, double[][] x, double[][] y,
                double[] initialParameters, double[] costs, double[] learningRates, double[] finalParameters,
                double float64Deviation) {
    }

    record Spec(int inputSize, List<Layer> layers, String loss) {
    }

    record Layer(int units, String activation, Double alpha) {
    }

    record OptimizerJson(String name, Double momentum, Boolean nesterov, Double beta1, Double beta2,
                         Double epsilon, Double rho) {
    }

    record ScheduleJson(String type, Double factor, Integer every, Double gamma, Double minLearningRate) {
    }

    static Stream<Named<Case>> cases() throws IOException, URISyntaxException {
        var directory = PyTorchAgreementTest.class.getClassLoader().getResource(FIXTURES);
        assertThat(directory).as("test resource directory " + FIXTURES).isNotNull();
        List<Path> files;
        try (var listing = Files.list(Path.of(directory.toURI()))) {
            files = listing.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("fixture files in " + FIXTURES).isNotEmpty();
        var cases = new ArrayList<Named<Case>>();
        for (var file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (var c : JSON.readValue(in, FixtureFile.class).cases()) {
                    cases.add(Named.of(c.name(), c));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldTrainLikePyTorch(Case c) {
        // Given PyTorch's starting point, rows and options
        var spec = spec(c.spec());
        var network = Network.fromParameters(spec, floats(c.initialParameters()));
        var optimizer = Optimizers.create(optimizerOptions(c.optimizer()), network.parameters().length);
        var options = new TrainingOptions(c.epochs(), schedule(c), c.batchSize(), c.shuffle(), 0L, (float) c.l2(),
                0f, null);
        var epochs = new ArrayList<EpochResult>();

        // When the engine trains it
        var result = new Trainer(network, optimizer).fit(flatten(c.x()), flatten(c.y()), c.rows(), options,
                epochs::add, () -> false);

        // Then every epoch's cost and every final parameter are PyTorch's
        assertThat(result.outcome()).isEqualTo(FitResult.Outcome.COMPLETED);
        assertThat(epochs).hasSize(c.epochs());
        var mismatches = new ArrayList<String>();
        for (int e = 0; e < c.epochs(); e++) {
            var epoch = epochs.get(e);
            assertThat(epoch.epoch()).isEqualTo(e + 1);
            assertThat((double) epoch.learningRate()).as("learning rate of epoch %d", e + 1)
                    .isCloseTo(c.learningRates()[e], withinPercentage(1e-4)); // float of a double: 6e-8 relative
            double error = relativeError(epoch.cost(), c.costs()[e]);
            if (error > worstCost) {
                worstCost = error;
                worstCostCase = c.name() + ", epoch " + (e + 1);
            }
            if (error > RELATIVE) {
                mismatches.add("epoch %d cost: expected %.9g, got %.9g (relative error %.3g)"
                        .formatted(e + 1, c.costs()[e], epoch.cost(), error));
            }
        }
        float[] actual = network.parameters();
        for (int p = 0; p < actual.length; p++) {
            double error = relativeError(actual[p], c.finalParameters()[p]);
            if (error > worstParameter) {
                worstParameter = error;
                worstParameterCase = c.name() + ", " + describe(network, p);
            }
            if (error > RELATIVE) {
                mismatches.add("%s: expected %.9g, got %.9g (relative error %.3g)"
                        .formatted(describe(network, p), c.finalParameters()[p], actual[p], error));
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " disagreements with PyTorch, beyond " + RELATIVE + " relative:\n  "
                    + String.join("\n  ", mismatches.subList(0, Math.min(20, mismatches.size()))));
        }
    }

    @AfterAll
    static void reportWorstAgreement() {
        System.out.printf("PyTorchAgreementTest: largest relative error %.3g in a cost (%s), %.3g in a parameter (%s)%n",
                worstCost, worstCostCase, worstParameter, worstParameterCase);
    }

    /** |actual − expected| / max(|expected|, FLOOR); see the class comment for the floor. */
    private static double relativeError(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), FLOOR);
    }

    private static NetworkSpec spec(Spec json) {
        var layers = json.layers().stream().map(layer -> {
            var activation = ActivationKind.fromName(layer.activation()).orElseThrow();
            float alpha = layer.alpha() == null ? LayerSpec.DEFAULT_ALPHA : layer.alpha().floatValue();
            return new LayerSpec(layer.units(), activation, alpha);
        }).toList();
        return new NetworkSpec(json.inputSize(), layers, LossKind.fromName(json.loss()).orElseThrow(), null);
    }

    private static OptimizerOptions optimizerOptions(OptimizerJson json) {
        var defaults = OptimizerOptions.defaults(json.name());
        return new OptimizerOptions(json.name(),
                json.momentum() == null ? defaults.momentum() : json.momentum().floatValue(),
                json.nesterov() == null ? defaults.nesterov() : json.nesterov(),
                json.beta1() == null ? defaults.beta1() : json.beta1().floatValue(),
                json.beta2() == null ? defaults.beta2() : json.beta2().floatValue(),
                json.epsilon() == null ? defaults.epsilon() : json.epsilon().floatValue(),
                json.rho() == null ? defaults.rho() : json.rho().floatValue());
    }

    private static LearningRateSchedule schedule(Case c) {
        float lr = (float) c.learningRate();
        var s = c.schedule();
        return switch (s.type()) {
            case "constant" -> Schedules.constant(lr);
            case "step" -> Schedules.step(lr, s.factor().floatValue(), s.every());
            case "exponential" -> Schedules.exponential(lr, s.gamma().floatValue());
            case "cosine" -> Schedules.cosine(lr, s.minLearningRate().floatValue(), c.epochs());
            default -> throw new IllegalArgumentException("unknown schedule in fixture: " + s.type());
        };
    }

    /** "layer 1 W[2][0] (input 2 → unit 0)" or "layer 1 b[0]" for flat index p of the engine's layout. */
    private static String describe(Network network, int p) {
        for (int l = network.layerCount() - 1; l >= 0; l--) {
            if (p >= network.biasOffset(l)) {
                return "layer %d b[%d]".formatted(l, p - network.biasOffset(l));
            }
            if (p >= network.weightOffset(l)) {
                int out = network.unitsOf(l);
                int i = (p - network.weightOffset(l)) / out;
                int j = (p - network.weightOffset(l)) % out;
                return "layer %d W (input %d → unit %d)".formatted(l, i, j);
            }
        }
        throw new IllegalArgumentException("no parameter " + p);
    }

    private static float[] flatten(double[][] rows) {
        return floats(Stream.of(rows).flatMapToDouble(Arrays::stream).toArray());
    }

    /** The fixtures hold float32 values written as exact doubles: the conversion must lose nothing. */
    private static float[] floats(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
            if (result[i] != values[i]) {
                throw new IllegalArgumentException("fixture value " + values[i] + " is not a float32");
            }
        }
        return result;
    }
}
