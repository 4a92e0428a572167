package io.backprop.training;

import java.time.Instant;

/** A job as GET /jobs/{id} shows it; {@code accuracy} fields only for classifiers. */
public record JobResponse(
        String id,
        String modelId,
        String datasetId,
        JobStatus status,
        int epochs,
        int epochsCompleted,
        Double cost,
        Double validationCost,
        Double accuracy,
        Double validationAccuracy,
        Integer modelVersion,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        CreateJobRequest request) {
}
