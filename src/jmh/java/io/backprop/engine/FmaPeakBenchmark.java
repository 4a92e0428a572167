package io.backprop.engine;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The fp32 peak of this machine, measured rather than assumed, as the yardstick of bench/kernels.sh: the
 * hosts this runs on differ (Zen 4 with one 512-bit FMA a cycle, Xeons with two, at clocks a KVM guest is
 * not told), and their speed drifts over minutes, so kernels.sh runs this before and after the products.
 *
 * <p>One operation is 12 independent FMA chains on the widest float vectors, 38.4 million FLOP (2 · 12 chains ·
 * 1.6 million lanes) with no memory traffic: 12 chains cover the 4-cycle latency of two FMA units. {@code onEveryCore} runs
 * one such loop on each core at once, as many threads as the products use (the caller and the kernel's
 * helper); JMH sums their operations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FmaPeakBenchmark {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Rounds per operation, so that one operation is 38.4 million FLOP whatever the vector width. */
    static final int ROUNDS = 1_600_000 / S.length();

    @Benchmark
    @Threads(1)
    public float oneCore() {
        return chains();
    }

    @Benchmark
    @Threads(Threads.MAX)
    public float onEveryCore() {
        return chains();
    }

    private static float chains() {
        FloatVector x = FloatVector.broadcast(S, 0.999_999f);
        FloatVector y = FloatVector.broadcast(S, 1e-7f);
        FloatVector c0 = FloatVector.zero(S), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3);
        FloatVector c4 = c0.add(4), c5 = c0.add(5), c6 = c0.add(6), c7 = c0.add(7);
        FloatVector c8 = c0.add(8), c9 = c0.add(9), c10 = c0.add(10), c11 = c0.add(11);
        for (int i = 0; i < ROUNDS; i++) {
            c0 = c0.fma(x, y); c1 = c1.fma(x, y); c2 = c2.fma(x, y); c3 = c3.fma(x, y);
            c4 = c4.fma(x, y); c5 = c5.fma(x, y); c6 = c6.fma(x, y); c7 = c7.fma(x, y);
            c8 = c8.fma(x, y); c9 = c9.fma(x, y); c10 = c10.fma(x, y); c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
