package io.backprop.training;

import java.util.EnumSet;
import java.util.Set;

public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** Statuses in which a job still needs its model and dataset. */
    static final Set<JobStatus> ACTIVE = EnumSet.of(QUEUED, RUNNING);

    boolean isFinished() {
        return !ACTIVE.contains(this);
    }
}
