package io.backprop.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Whether where a packed panel of B lies in memory changes the kernel's speed on this host: times the kernel's own
 * six-row tiles (FastMatrixKernel.rowsOnPanel, the dense A·B and A·Bᵀ tiles, L1-resident) on many panels of one
 * size, each a float[] wherever the heap put it, and prints their GFLOP/s from slowest to fastest. A Java array
 * starts 16 bytes past an 8-byte-aligned address, so about one panel in eight starts on a 64-byte cache line; where
 * a vector load that spans two lines costs two loads, those panels form a faster group (session 23's Intel host:
 * eight of 64 panels at 154-170 GFLOP/s, the others at 131-146, docs/benchmarks.md). Single-threaded; arguments:
 * panels (64), rounds (7).
 */
public class PanelAlignment {

    public static void main(String[] args) {
        int panels = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int k = FastMatrixKernel.KP;
        int nr = FastMatrixKernel.NR;
        var random = new SplittableRandom(1);
        float[] a = new float[6 * k];
        float[] c = new float[6 * nr];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble();
        }
        float[][] b = new float[panels][];
        for (int q = 0; q < panels; q++) {
            // lengths 8 bytes apart, so that consecutive panels start at every address modulo 64
            b[q] = new float[k * nr + 2 * (q % 8)];
            for (int i = 0; i < b[q].length; i++) {
                b[q][i] = (float) random.nextDouble();
            }
        }
        System.gc(); // the panels settle where they will stay for the timings
        int reps = 20_000;
        double flops = 2.0 * 6 * k * nr * reps;
        double[][] times = new double[panels][rounds];
        for (int warm = 0; warm < 3; warm++) {
            for (float[] panel : b) {
                time(c, a, panel, k, reps / 10);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int q = 0; q < panels; q++) {
                times[q][r] = time(c, a, b[q], k, reps);
            }
        }
        double[] gflops = new double[panels];
        for (int q = 0; q < panels; q++) {
            Arrays.sort(times[q]);
            gflops[q] = flops / times[q][rounds / 2];
        }
        Arrays.sort(gflops);
        var line = new StringBuilder();
        for (double g : gflops) {
            line.append(String.format(" %.0f", g));
        }
        System.out.printf("%d-float vectors, panels of %d x %d floats; each panel's median of %d rounds, GFLOP/s, slowest "
                + "to fastest:%s%n", FastMatrixKernel.NR / 4, k, nr, rounds, line);
        System.out.printf("fastest eighth %.0f, median %.0f: %.2fx%n", gflops[panels - panels / 8], gflops[panels / 2],
                gflops[panels - panels / 8] / gflops[panels / 2]);
    }

    private static double time(float[] c, float[] a, float[] panel, int k, int reps) {
        long started = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            FastMatrixKernel.rowsOnPanel(c, 0, FastMatrixKernel.NR, a, 0, k, 6, panel, k, true);
        }
        return System.nanoTime() - started;
    }
}
