package io.backprop.engine;

import java.util.Arrays;

/**
 * Whether a training step's parts should run on the caller and the helper thread, or all on the caller,
 * chosen by measuring both now and then. On this kind of VM a second busy core sometimes makes both
 * slower than one alone (the host then seems to share one physical core between the two virtual ones):
 * a batch-32 step measured 2,070 steps/s on one thread, steadily, and 1,200 to 2,600 on two. The parts
 * and their summation orders are the same either way, so the choice never changes the numbers.
 *
 * <p>The policy: keep the current choice; now and then run {@link #WINDOW} steps the other way, and switch
 * if their median time per row is at least {@link #MARGIN} below that of the {@link #WINDOW} steps just
 * before. Medians, because a window's sum follows its worst steps: one step whose helper lost its core
 * for a few milliseconds (to a compiler thread, an HTTP request) weighs on the sum as much as a slow
 * helper does on all of them.
 *
 * <p>The schedule is lopsided, because the two mistakes are not alike. With the helper, the probe alone
 * comes every {@link #PROBE_EVERY} steps (the first after {@link #FIRST_PROBE}, once the JIT has compiled
 * the step), and costs about 1 % of the steps, spent the slower way when nothing changed. Alone, the probe
 * with the helper comes every {@link #RECHECK_EVERY} steps: what made the helper slow is often gone
 * within a second (in the service, a concurrent GC cycle after a job loaded its dataset took a core for
 * ~90 ms, long enough to cover both windows of a probe), and a whole job run alone after such a probe
 * ran 1.4x slower. A recheck costs nothing when the helper is faster again; while the helper stays slow,
 * 24 of every 124 steps run the slow way, which at the figures above is about 13 % of the time.
 */
final class HelperPolicy {

    static final int PROBE_EVERY = 1500;
    static final int RECHECK_EVERY = 100;
    static final int FIRST_PROBE = 300;
    static final int WINDOW = 24;
    /** Switch only for a clear gain: a step's time varies by several percent from window to window. */
    static final double MARGIN = 0.05;

    private final boolean adaptive;
    private boolean withHelper;
    private int step; // steps since the last decision
    private int probeAt; // the step at which the next probe begins
    private final double[] current = new double[WINDOW]; // ns per row of the WINDOW steps before the probe
    private final double[] probe = new double[WINDOW]; // ns per row of the probe's steps, the other way

    private HelperPolicy(boolean adaptive, boolean withHelper) {
        this.adaptive = adaptive;
        this.withHelper = withHelper;
        this.probeAt = FIRST_PROBE;
    }

    /** Measures and switches, starting with the helper. */
    static HelperPolicy adaptive() {
        return new HelperPolicy(true, true);
    }

    /** Always the same way: for tests, and where there is no second core. */
    static HelperPolicy fixed(boolean withHelper) {
        return new HelperPolicy(false, withHelper);
    }

    /** Whether the next step should use the helper. */
    boolean withHelper() {
        return inProbe() != withHelper;
    }

    /** The way steps run now, outside probes: for passes that are not timed, such as evaluation. */
    boolean current() {
        return withHelper;
    }

    /** Records the step just run, of {@code rows} rows, that took {@code nanos}. */
    void record(long nanos, int rows) {
        if (!adaptive) {
            return;
        }
        double perRow = (double) nanos / rows;
        if (inProbe()) {
            probe[step - probeAt] = perRow;
        } else if (step >= probeAt - WINDOW) {
            current[step - (probeAt - WINDOW)] = perRow;
        }
        step++;
        if (step == probeAt + WINDOW) {
            if (median(probe) < (1 - MARGIN) * median(current)) {
                withHelper = !withHelper;
            }
            step = 0;
            probeAt = withHelper ? PROBE_EVERY : RECHECK_EVERY;
        }
    }

    private boolean inProbe() {
        return adaptive && step >= probeAt;
    }

    /** Sorts {@code window} in place (it is refilled before the next decision) and returns its median. */
    private static double median(double[] window) {
        Arrays.sort(window);
        return (window[WINDOW / 2 - 1] + window[WINDOW / 2]) / 2;
    }
}
