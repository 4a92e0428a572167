package io.backprop.training;

import java.time.Instant;

/**
 * A job as GET /jobs/{id} shows it; {@code accuracy} fields only for classifiers. {@code bestEpoch}
 * names the epoch whose parameters became {@code modelVersion} when early stopping or a cancel kept
 * the best epoch (the figures are then that epoch's); null when the last epoch's parameters were kept.
 */
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
        Integer bestEpoch,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        CreateJobRequest request) {
}
