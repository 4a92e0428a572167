package io.backprop.engine;

/**
 * Whether a training step's parts should run on the caller and the helper thread, or all on the caller,
 * chosen by measuring both now and then. On this kind of VM a second busy core sometimes makes both
 * slower than one alone (the host then seems to share one physical core between the two virtual ones):
 * a batch-32 step measured 2,070 steps/s on one thread, steadily, and 1,200 to 2,600 on two. The parts
 * and their summation orders are the same either way, so the choice never changes the numbers.
 *
 * <p>The policy: keep the current choice; every {@link #PROBE_EVERY} steps (the first time after
 * {@link #FIRST_PROBE} steps, once the JIT has compiled the step), run {@link #WINDOW} steps the other
 * way, and switch if they took at least {@link #MARGIN} less time per row than the {@link #WINDOW} steps
 * just before. The probes cost about 1 % of the steps, spent the slower way when nothing changed.
 */
final class HelperPolicy {

    static final int PROBE_EVERY = 1500;
    static final int FIRST_PROBE = 300;
    static final int WINDOW = 24;
    /** Switch only for a clear gain: a step's time varies by several percent from window to window. */
    static final double MARGIN = 0.05;

    private final boolean adaptive;
    private boolean withHelper;
    private int step; // steps since the last decision
    private long currentNanos; // the WINDOW steps before the probe, the current way
    private long currentRows;
    private long probeNanos; // the WINDOW steps of the probe, the other way
    private long probeRows;

    private HelperPolicy(boolean adaptive, boolean withHelper) {
        this.adaptive = adaptive;
        this.withHelper = withHelper;
        this.step = PROBE_EVERY - FIRST_PROBE;
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
        if (inProbe()) {
            probeNanos += nanos;
            probeRows += rows;
        } else if (step >= PROBE_EVERY - WINDOW) {
            currentNanos += nanos;
            currentRows += rows;
        }
        step++;
        if (step == PROBE_EVERY + WINDOW) {
            if (probeRows > 0 && currentRows > 0
                    && (double) probeNanos / probeRows < (1 - MARGIN) * currentNanos / currentRows) {
                withHelper = !withHelper;
            }
            step = 0;
            currentNanos = currentRows = probeNanos = probeRows = 0;
        }
    }

    private boolean inProbe() {
        return adaptive && step >= PROBE_EVERY;
    }
}
