package io.backprop.engine;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a training step's time goes, phase by phase and thread by thread: on with
 * {@code -Dbackprop.profileStep=true}, off by default, where {@link #ENABLED} is a constant false and the
 * timing calls in {@link TrainingStep} fold away, so that tuning the step needs no instrument made by hand.
 * The table goes to stderr when the JVM exits.
 *
 * <p>Per phase, over the steps that ran with the helper thread: the wall time of the phase (posting, both
 * threads' tasks, waiting for the slower), the time of the tasks each thread ran ("caller", the step's own
 * thread, and "helper"), the slower thread's ("max"), and how many steps ran alone (probes of
 * {@link HelperPolicy}, or a helper busy elsewhere), which are not in the table. wall − max is the hand-over;
 * max − the mean of the two is the imbalance. "start c" and "start h" are how long after the phase was posted
 * each thread started its first task, on average over the phases in which it ran one: the caller's is its
 * cost of posting (an unpark, if the helper had parked), the helper's its wake-up. Each thread's slots are
 * written by that thread during a phase and reset by the caller after it, when the phase's tasks are done; the
 * table is read at exit: no locking on the step's path.
 */
final class StepProfile {

    static final boolean ENABLED = Boolean.getBoolean("backprop.profileStep");

    static final int GATHER = 0;
    static final int OUTPUT = 1;
    static final int UPDATE = 2;
    /** Forward and backward phases of hidden layer l are FORWARD + l and BACKWARD + l (layers past MAX_LAYERS share the last). */
    static final int FORWARD = 3;
    private static final int MAX_LAYERS = 8;
    static final int BACKWARD = FORWARD + MAX_LAYERS;
    private static final int PHASES = BACKWARD + MAX_LAYERS;
    private static final int MAX_PARTS = 2;

    /** The one profile of this JVM, or null when off. */
    static final StepProfile SHARED = ENABLED ? new StepProfile() : null;

    private final long[] wall = new long[PHASES];
    private final long[] slowest = new long[PHASES];
    private final long[] steps = new long[PHASES];
    private final long[][] part = new long[PHASES][MAX_PARTS];
    private final long[][] lastPart = new long[PHASES][MAX_PARTS];
    private final long[][] lateStart = new long[PHASES][MAX_PARTS];
    private final long[][] started = new long[PHASES][MAX_PARTS]; // phases in which the thread ran a task
    private final boolean[][] startedThisPhase = new boolean[PHASES][MAX_PARTS];
    private long stepsAlone;

    private StepProfile() {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> print(System.err)));
    }

    static int forward(int layer) {
        return FORWARD + Math.min(layer, MAX_LAYERS - 1);
    }

    static int backward(int layer) {
        return BACKWARD + Math.min(layer, MAX_LAYERS - 1);
    }

    /**
     * A task of a phase, run by thread p (0 the step's caller, 1 the helper), started {@code late} nanoseconds
     * after the phase was posted and took {@code nanos}; called by that thread. A thread's first task of the
     * phase gives its start.
     */
    void part(int phase, int p, long late, long nanos) {
        if (p < MAX_PARTS) {
            if (!startedThisPhase[phase][p]) {
                startedThisPhase[phase][p] = true;
                started[phase][p]++;
                lateStart[phase][p] += late;
            }
            part[phase][p] += nanos;
            lastPart[phase][p] += nanos;
        }
    }

    /** The phase, both parts done, took {@code nanos} of wall time; called by the step's caller. */
    void phase(int phase, long nanos) {
        wall[phase] += nanos;
        steps[phase]++;
        long max = 0;
        for (int p = 0; p < MAX_PARTS; p++) {
            max = Math.max(max, lastPart[phase][p]);
            lastPart[phase][p] = 0;
            startedThisPhase[phase][p] = false;
        }
        slowest[phase] += max;
    }

    /** Forgets what was measured so far: after the warm-up, whose steps are not a job's. */
    synchronized void reset() {
        for (int phase = 0; phase < PHASES; phase++) {
            wall[phase] = slowest[phase] = steps[phase] = 0;
            Arrays.fill(part[phase], 0);
            Arrays.fill(lateStart[phase], 0);
            Arrays.fill(started[phase], 0);
        }
        stepsAlone = 0;
    }

    void stepAlone() {
        stepsAlone++;
    }

    synchronized void print(PrintStream out) {
        var table = new StringBuilder(String.format(Locale.ROOT,
                "training step profile (µs per step, steps with the helper; %d steps ran alone and are not counted)%n"
                        + "%-9s %8s %8s %8s %8s %8s %8s %8s%n", stepsAlone, "phase", "steps", "wall", "caller", "helper", "max",
                "start c", "start h"));
        for (int phase = 0; phase < PHASES; phase++) {
            if (steps[phase] > 0) {
                double n = steps[phase] * 1e3;
                table.append(String.format(Locale.ROOT, "%-9s %8d %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f%n", name(phase),
                        steps[phase], wall[phase] / n, part[phase][0] / n, part[phase][1] / n, slowest[phase] / n,
                        lateStart[phase][0] / 1e3 / Math.max(1, started[phase][0]),
                        lateStart[phase][1] / 1e3 / Math.max(1, started[phase][1])));
            }
        }
        out.print(table);
    }

    private static String name(int phase) {
        return switch (phase) {
            case GATHER -> "gather";
            case OUTPUT -> "output";
            case UPDATE -> "update";
            default -> phase < BACKWARD ? "fwd" + (phase - FORWARD) : "bwd" + (phase - BACKWARD);
        };
    }
}
