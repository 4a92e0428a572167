package io.backprop.training;

import org.springframework.stereotype.Component;

import io.backprop.dataset.DatasetUsage;
import io.backprop.model.ModelUsage;

/** Tells the model and dataset features when a queued or running job still needs what they would delete. */
@Component
class JobUsage implements ModelUsage, DatasetUsage {

    private static final String REASON = "a job using it is queued or running; cancel it first";

    private final JobRepository jobs;

    JobUsage(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public String blockingUseOfModel(String modelId) {
        return jobs.existsByModelIdAndStatusIn(modelId, JobStatus.ACTIVE) ? REASON : null;
    }

    @Override
    public String blockingUseOfDataset(String datasetId) {
        return jobs.existsByDatasetIdAndStatusIn(datasetId, JobStatus.ACTIVE) ? REASON : null;
    }
}
