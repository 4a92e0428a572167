package io.backprop.engine;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A/B of two variants of the training step in one JVM, one training run, for changes too small for whole epochs
 * to resolve on a host whose speed drifts (bench/step-ab.sh compiles and runs it). Fashion-MNIST 784-256-128-10,
 * after the service's warm-up; the steps run in segments of 25 (-Dseg), in the order A B B A, and each group of
 * four gives (B1 + B2) / (A1 + A2) of the segments' median step times. Printed: the median of those ratios, their
 * quartiles and the mean; below 1, B is the faster.
 *
 * <p>The variants are named by a static field of an engine class (a throw-away patch adds it where the change
 * is): a {@code boolean} is set false for A and true for B before each segment, on one step; an {@code int}
 * with a value given is read when a step is built, so A is a step built with the field as it is and B one built
 * with the value, both training the same network. {@code none} runs one step as both: a null test.
 *
 * <p>Arguments: optimizer (sgd), batch size (128), segments (200), Class.field (none), the int field's value.
 */
public class StepAB {

    public static void main(String[] args) throws Exception {
        String optimizerName = args.length > 0 ? args[0] : "sgd";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int segments = (args.length > 2 ? Integer.parseInt(args[2]) : 200) / 4 * 4;
        String variant = args.length > 3 ? args[3] : "none";
        int seg = Integer.getInteger("seg", 25);
        var data = new FashionMnistData();
        Field field = null;
        if (!variant.equals("none")) {
            int dot = variant.lastIndexOf('.');
            field = Class.forName("io.backprop.engine." + variant.substring(0, dot)).getDeclaredField(variant.substring(dot + 1));
            field.setAccessible(true);
        }
        System.out.println("warm-up: " + Warmup.run(1000));
        var spec = FashionMnistData.network();
        float learningRate = optimizerName.equals("adam") ? 0.001f : 0.1f;
        var network = Network.initialize(spec, 1);
        var optimizer = Optimizers.create(OptimizerOptions.defaults(optimizerName), network.parameters().length);
        int parts = TrainingStep.partsFor(network, batch);
        var stepA = new TrainingStep(network, optimizer, data.x, data.y, batch, parts);
        var stepB = stepA;
        boolean toggles = field != null && field.getType() == boolean.class;
        if (field != null && !toggles) {
            int as = field.getInt(null);
            field.setInt(null, Integer.parseInt(args[4]));
            stepB = new TrainingStep(network, optimizer, data.x, data.y, batch, parts);
            field.setInt(null, as);
            System.out.printf("A: %s = %d, B: %s%n", variant, as, args[4]);
        }
        var order = new RowOrder(FashionMnistData.ROWS, 0, true, 1);
        var means = new RowWeightedMeans(true);
        int[] shuffled = null;
        int first = FashionMnistData.ROWS;
        long[] times = new long[seg];
        double[] median = new double[segments];
        for (int s = -8; s < segments; s++) { // eight unmeasured segments first
            boolean b = Math.floorMod(s, 4) == 1 || Math.floorMod(s, 4) == 2;
            if (toggles) {
                field.setBoolean(null, b);
            }
            var step = b ? stepB : stepA;
            for (int i = 0; i < seg; i++) {
                if (first + batch > FashionMnistData.ROWS) {
                    order.nextEpoch();
                    shuffled = order.order();
                    first = 0;
                    means.reset();
                }
                long started = System.nanoTime();
                step.train(shuffled, first, batch, learningRate, 0f, means);
                times[i] = System.nanoTime() - started;
                first += batch;
            }
            if (s >= 0) {
                Arrays.sort(times);
                median[s] = times[seg / 2];
            }
        }
        stepA.close();
        stepB.close();
        List<Double> ratios = new ArrayList<>();
        double a = 0;
        double b = 0;
        for (int s = 0; s < segments; s += 4) {
            ratios.add((median[s + 1] + median[s + 2]) / (median[s] + median[s + 3]));
            a += median[s] + median[s + 3];
            b += median[s + 1] + median[s + 2];
        }
        Collections.sort(ratios);
        int n = ratios.size();
        System.out.printf("%s, %s batch %d: A %.1f µs, B %.1f µs a step (means of the segments' medians); B/A over %d "
                        + "groups: median %.4f (quartiles %.4f-%.4f), mean %.4f%n", variant, optimizerName, batch,
                a / (segments / 2) / 1e3, b / (segments / 2) / 1e3, n, ratios.get(n / 2), ratios.get(n / 4),
                ratios.get(3 * n / 4), ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }
}
