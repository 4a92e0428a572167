package io.backprop.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The caller's thread and one helper thread working through the numbered tasks of one job: a matrix
 * product's tiles, or the slices of a training step's phase. Both claim tasks from one range, so the caller does
 * all of them when the helper is asleep, busy for another caller or descheduled: nothing waits for a
 * core that is busy elsewhere. One job at a time has the helper; a caller that cannot have it, including
 * a task of a posted job that posts again, runs its tasks alone, which is what two cores allow anyway.
 *
 * <p>The caller claims from the first task up, the helper from the last down: a job whose tasks are the
 * same parts of the work every time (the slices of a training step) then finds each part on the same
 * thread step after step, with its data in that core's caches, unless one thread runs out of work and
 * takes the other's.
 *
 * <p>Protocol: a caller takes the team with {@link #tryPost}, works with {@link #workAndClose}, and the
 * team is free again when that returns. The helper joins a posted job through {@code members}, whose high
 * bit says the job is still open and whose low bits count the helpers inside it; the caller closes it and
 * waits for that count to reach zero before the job's fields may change. Nothing is allocated per job.
 */
final class WorkTeam {

    /** A job's tasks, run by number; {@code run} must not throw for any task in range (check up front). */
    interface Tasks {
        void run(int task);
    }

    /** Null on a single core: there is no one to help. */
    static final WorkTeam SHARED = Runtime.getRuntime().availableProcessors() > 1 ? new WorkTeam() : null;

    /** How long the helper polls for the next job before parking; a training step's jobs come faster. */
    private static final long HELPER_SPIN_NANOS = 200_000;
    /**
     * How long it polls while a training run holds it (see {@link #hold}). Between two steps the caller does the
     * epoch's bookkeeping, and one part of a phase may end long before the other: a gap of more than
     * {@link #HELPER_SPIN_NANOS} parked the helper, and the next post then cost the caller an unpark (a system
     * call, and an interrupt to the other core in a VM) and the helper a wake-up. On a Zen 3 VM the caller
     * started its part of the first layer's forward and of the update 7.5–10 µs after posting, and the helper
     * 19–20 µs; held, 0.4 µs and 10 µs. A training run holds the helper only while its steps use it (see
     * {@link TrainingStep#close}); bounded besides, so that a holder that stops posting does not keep a core busy
     * for long.
     */
    static final long HELD_SPIN_NANOS = 50_000_000;

    private static final int OPEN = 1 << 30;

    private final AtomicInteger owner = new AtomicInteger(); // 0 free, 1 taken by a caller
    private final AtomicInteger holds = new AtomicInteger(); // training runs that asked the helper to stay awake
    private final AtomicLong parks = new AtomicLong();
    private final AtomicInteger members = new AtomicInteger();
    /** The unclaimed tasks [low, high) of the posted job, as low · 2³² + high. */
    private final AtomicLong unclaimed = new AtomicLong();
    private final Thread helper;
    private volatile int generation;
    private volatile boolean parked;
    private volatile Throwable failure;

    // the posted job: written by its caller before members is opened, read by the helper after joining
    private Tasks tasks;

    private WorkTeam() {
        helper = Thread.ofPlatform().daemon().name("backprop-kernel-helper").unstarted(this::helperLoop);
        helper.start();
    }

    /** Runs tasks 0..count-1, with the helper when it is free, else on the calling thread alone. */
    static void runAll(Tasks tasks, int count) {
        runAll(tasks, count, true);
    }

    /** As {@link #runAll(Tasks, int)}, or on the calling thread alone when {@code withHelper} is false. */
    static void runAll(Tasks tasks, int count, boolean withHelper) {
        WorkTeam team = SHARED;
        if (withHelper && count > 1 && team != null && team.tryPost(tasks, count)) {
            team.workAndClose();
            return;
        }
        for (int t = 0; t < count; t++) {
            tasks.run(t);
        }
    }

    /**
     * Asks the helper to keep polling for jobs, up to {@link #HELD_SPIN_NANOS} between two of them, instead of
     * parking after {@link #HELPER_SPIN_NANOS}: for a training run, whose steps post a job every few hundred µs.
     * Each hold must be released with {@link #release}; holds nest.
     */
    static void hold() {
        if (SHARED != null) {
            SHARED.holds.incrementAndGet();
        }
    }

    /** Ends a {@link #hold}. */
    static void release() {
        if (SHARED != null) {
            SHARED.holds.decrementAndGet();
        }
    }

    /** How many holds are in force; for tests. */
    int holds() {
        return holds.get();
    }

    /** How many times the helper has parked; for tests. */
    long parks() {
        return parks.get();
    }

    /** Takes the team for a job of {@code count} tasks, or returns false if another caller has it. */
    boolean tryPost(Tasks tasks, int count) {
        if (owner.get() != 0 || !owner.compareAndSet(0, 1)) {
            return false;
        }
        this.tasks = tasks;
        unclaimed.set(count);
        members.set(OPEN);
        generation++;
        if (parked) {
            LockSupport.unpark(helper);
        }
        return true;
    }

    /**
     * The caller's share: claim tasks until none is left, then wait for the helper's last one. A task that
     * failed on either thread is thrown here, the other's failure, if any, attached as suppressed.
     */
    void workAndClose() {
        Throwable thrown = null; // tasks throw no checked exception
        try {
            work(true);
        } catch (RuntimeException | Error e) {
            thrown = e;
        }
        int state;
        do {
            state = members.get();
        } while (!members.compareAndSet(state, state & ~OPEN));
        // the helper finishes its last task; yield now and then in case it has lost its core
        for (int spins = 1; members.get() != 0; spins++) {
            if (spins % 1024 == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        tasks = null;
        Throwable failed = failure;
        failure = null;
        owner.set(0);
        if (thrown != null) {
            if (failed != null) {
                thrown.addSuppressed(failed);
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) thrown;
        }
        if (failed != null) {
            throw new IllegalStateException("the helper thread failed", failed);
        }
    }

    private void work(boolean fromLow) {
        Tasks tasks = this.tasks;
        for (int t = claim(fromLow); t >= 0; t = claim(fromLow)) {
            tasks.run(t);
        }
    }

    /** The lowest (or highest) unclaimed task, now claimed, or -1 when none is left. */
    private int claim(boolean fromLow) {
        while (true) {
            long range = unclaimed.get();
            int low = (int) (range >>> 32);
            int high = (int) range;
            if (low >= high) {
                return -1;
            }
            long next = fromLow ? range + (1L << 32) : range - 1;
            if (unclaimed.compareAndSet(range, next)) {
                return fromLow ? low : high - 1;
            }
        }
    }

    /**
     * The helper's loop, kept small: it never returns, so C2 can only compile it on-stack, early (while it
     * spins), and inlining the kernels into it then would freeze immature profiles for good. That is the
     * suspected cause of one benchmark fork whose products ran at a third of the usual speed.
     */
    private void helperLoop() {
        int seen = 0;
        while (true) {
            seen = awaitPost(seen);
            help();
        }
    }

    /** Polls for a job newer than {@code seen}, then parks, and returns its generation. */
    private int awaitPost(int seen) {
        long spinStart = System.nanoTime();
        int posted;
        while ((posted = generation) == seen) {
            if (System.nanoTime() - spinStart < (holds.get() > 0 ? HELD_SPIN_NANOS : HELPER_SPIN_NANOS)) {
                Thread.onSpinWait();
            } else {
                parks.incrementAndGet();
                parked = true;
                if (generation == seen) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
        return posted;
    }

    private void help() {
        if (join()) {
            try {
                work(false);
            } catch (Throwable e) {
                failure = e;
            } finally {
                members.decrementAndGet();
            }
        }
    }

    private boolean join() {
        for (int state = members.get(); (state & OPEN) != 0; state = members.get()) {
            if (members.compareAndSet(state, state + 1)) {
                return true;
            }
        }
        return false;
    }
}
