package io.backprop.training;

/** Published when a job is stored as QUEUED, so that the dispatcher looks at once rather than at its next poll. */
record JobQueued(String jobId) {
}
