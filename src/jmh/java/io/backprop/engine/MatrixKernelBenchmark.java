package io.backprop.engine;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The three products of the MLP 784-256-128-10 at batch 128 and 32, one product per operation; bench/kernels.sh
 * turns operations per second into GFLOP/s (2·m·k·n per operation).
 *
 * <p>Shapes are {@code form:m×k×n} as the engine calls them (Dense): the forward pass multiplies
 * (batch, in)·(in, out); the weight gradient is Xᵀ·dZ with m = in, k = batch, n = out; the input gradient
 * dZ·Wᵀ has m = batch, k = out, n = in, and the first layer does not compute it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class MatrixKernelBenchmark {

    @Param({"fast", "reference"})
    public String kernel;

    @Param({
        "forward:128x784x256", "forward:128x256x128", "forward:128x128x10",
        "weights:784x128x256", "weights:256x128x128", "weights:128x128x10",
        "inputs:128x128x256", "inputs:128x10x128",
        "forward:32x784x256", "forward:32x256x128", "forward:32x128x10",
        "weights:784x32x256", "weights:256x32x128", "weights:128x32x10",
        "inputs:32x128x256", "inputs:32x10x128"})
    public String shape;

    private MatrixKernel matrices;
    private String form;
    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        matrices = switch (kernel) {
            case "fast" -> new FastMatrixKernel();
            case "reference" -> new ReferenceMatrixKernel();
            default -> throw new IllegalArgumentException(kernel);
        };
        form = shape.substring(0, shape.indexOf(':'));
        String[] sizes = shape.substring(shape.indexOf(':') + 1).split("x");
        m = Integer.parseInt(sizes[0]);
        k = Integer.parseInt(sizes[1]);
        n = Integer.parseInt(sizes[2]);
        var random = new SplittableRandom(7);
        a = random(random, m * k);
        b = random(random, k * n);
        c = new float[m * n];
    }

    @Benchmark
    public float[] product() {
        switch (form) {
            case "forward" -> matrices.multiply(c, 0, a, 0, b, 0, m, k, n, true);
            case "weights" -> matrices.multiplyTransposedA(c, 0, a, 0, b, 0, m, k, n, true);
            default -> matrices.multiplyTransposedB(c, 0, a, 0, b, 0, m, k, n, false);
        }
        return c;
    }

    private static float[] random(SplittableRandom random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextDouble(-0.1, 0.1);
        }
        return values;
    }
}
