package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The caller and the helper thread share a job's tasks; a training run keeps the helper polling between jobs. */
class WorkTeamTest {

    @Test
    void shouldRunEveryTaskExactlyOnce() {
        var runs = new AtomicIntegerArray(100);
        for (int job = 0; job < 50; job++) {
            WorkTeam.runAll(runs::incrementAndGet, runs.length());
        }
        for (int t = 0; t < runs.length(); t++) {
            assertThat(runs.get(t)).as("task %d", t).isEqualTo(50);
        }
    }

    @Test
    void shouldKeepTheHelperPollingBetweenJobsWhileHeldAndLetItParkOtherwise() throws InterruptedException {
        assumeTrue(WorkTeam.SHARED != null, "one core: there is no helper");
        WorkTeam team = WorkTeam.SHARED;

        WorkTeam.hold();
        long parksHeld;
        try {
            WorkTeam.runAll(t -> { }, 2);
            long before = team.parks();
            jobsTwoMillisecondsApart(); // ten times the unheld polling time, far below the held one
            parksHeld = team.parks() - before;
        } finally {
            WorkTeam.release();
        }
        long before = team.parks();
        jobsTwoMillisecondsApart();
        long parksUnheld = team.parks() - before;

        assertThat(parksHeld).isZero();
        assertThat(parksUnheld).isPositive();
    }

    private static void jobsTwoMillisecondsApart() throws InterruptedException {
        for (int job = 0; job < 20; job++) {
            Thread.sleep(2);
            WorkTeam.runAll(t -> { }, 2);
        }
    }
}
