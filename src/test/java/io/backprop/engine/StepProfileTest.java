package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dbackprop.profileStep=true} prints where a training step's time went when the JVM exits, and
 * changes nothing that is computed. The switch is read once per JVM, so each case starts one of its own.
 */
class StepProfileTest {

    @Test
    void shouldPrintEachPhaseOfTheStepAtExitAndTrainTheSameParameters() throws IOException, InterruptedException {
        String profiled = runChild(true);
        String plain = runChild(false);

        assertThat(profiled).contains("training step profile (µs per step, steps with the helper;");
        if (Runtime.getRuntime().availableProcessors() > 1) { // on one core every step runs alone: no rows
            assertThat(profiled).containsPattern("(?m)^fwd0 +\\d+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d.]+$")
                    .containsPattern("(?m)^fwd1 ").containsPattern("(?m)^output ").containsPattern("(?m)^bwd1 ")
                    .containsPattern("(?m)^bwd0 ").containsPattern("(?m)^update ");
        }
        assertThat(plain).doesNotContain("training step profile");
        assertThat(parametersLine(profiled)).isEqualTo(parametersLine(plain));
    }

    private static String parametersLine(String output) {
        return output.lines().filter(line -> line.startsWith("parameters ")).findFirst().orElseThrow();
    }

    private static String runChild(boolean profile) throws IOException, InterruptedException {
        var options = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
        if (profile) {
            options.add("-Dbackprop.profileStep=true");
        }
        return ChildJvm.run(options, Training.class);
    }

    /** The child JVM's main: two epochs of a network big enough to be split between two parts. */
    static final class Training {
        public static void main(String[] args) {
            var spec = new NetworkSpec(128, List.of(LayerSpec.of(64, ActivationKind.RELU), LayerSpec.of(32, ActivationKind.RELU),
                    LayerSpec.of(4, ActivationKind.SOFTMAX)), LossKind.CROSS_ENTROPY, null);
            int rows = 600;
            var random = new SplittableRandom(7);
            float[] x = new float[rows * 128];
            float[] y = new float[rows * 4];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < 128; i++) {
                    x[r * 128 + i] = (float) random.nextDouble();
                }
                y[r * 4 + random.nextInt(4)] = 1;
            }
            var network = Network.initialize(spec, 3);
            var optimizer = Optimizers.create(OptimizerOptions.defaults("adam"), network.parameters().length);
            new Trainer(network, optimizer).fit(x, y, rows, new TrainingOptions(2, 0.001f, 32, true, 1), epoch -> { },
                    () -> false);
            System.out.println("parameters " + Arrays.hashCode(network.parameters()));
        }
    }
}
