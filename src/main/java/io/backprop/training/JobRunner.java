package io.backprop.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.backprop.dataset.DatasetMatrices;
import io.backprop.dataset.DatasetService;
import io.backprop.engine.FitResult;
import io.backprop.engine.Network;
import io.backprop.engine.Sgd;
import io.backprop.engine.Trainer;
import io.backprop.engine.TrainingOptions;
import io.backprop.model.ModelService;
import io.backprop.model.StoredNetwork;
import io.backprop.web.ApiException;

/**
 * Trains one claimed job with the engine: loads the dataset once, builds the network from the
 * model's initializer and seed, records every epoch as it ends, and stores the outcome. Runs on a
 * worker thread, outside any transaction; each database step is its own.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobService jobs;
    private final ModelService models;
    private final DatasetService datasets;

    JobRunner(JobService jobs, ModelService models, DatasetService datasets) {
        this.jobs = jobs;
        this.models = models;
        this.datasets = datasets;
    }

    void run(String jobId, RunningJobs.Control control) {
        try {
            CreateJobRequest request = jobs.request(jobId);
            StoredNetwork model = models.stored(request.modelId(), null);
            DatasetMatrices data = datasets.load(request.datasetId());
            Network network = Network.initialize(model.spec(), model.seed());
            TrainingOptions options = new TrainingOptions(request.epochs(), request.learningRate().floatValue(),
                    request.batchSize(), request.shuffle(), request.seed());
            log.info("job {} started: {} rows, {} epochs, batch size {}", jobId, data.rows(), request.epochs(), request.batchSize());

            FitResult result = new Trainer(network, new Sgd()).fit(data.features(), data.targets(), data.rows(), options,
                    epoch -> {
                        log.info("job {} epoch {}: cost {} accuracy {} ({} ms)", jobId, epoch.epoch(), epoch.cost(),
                                epoch.accuracy(), epoch.millis());
                        if (jobs.recordEpoch(jobId, epoch)) {
                            control.cancel();
                        }
                    },
                    control::stopRequested);

            switch (result.outcome()) {
                case COMPLETED -> jobs.succeed(jobId, network.parameters());
                case DIVERGED -> jobs.fail(jobId, "the cost became NaN or infinite in epoch " + result.failedEpoch()
                        + "; try a smaller learning rate than " + request.learningRate());
                case STOPPED -> {
                    if (control.isCancelled()) {
                        jobs.cancelled(jobId);
                    }
                    // Stopped by shutdown: the job stays RUNNING and the next start marks it interrupted.
                }
            }
            log.info("job {} ended: {} after {} epochs", jobId, result.outcome(), result.epochsCompleted());
        } catch (ApiException e) {
            fail(jobId, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            log.error("job {} failed", jobId, e);
            fail(jobId, e instanceof OutOfMemoryError
                    ? "out of memory: the dataset or network is too large for this instance's heap"
                    : "training failed: " + e.getMessage());
        }
    }

    private void fail(String jobId, String error) {
        try {
            jobs.fail(jobId, error);
        } catch (RuntimeException e) {
            log.error("could not record the failure of job {}: {}", jobId, error, e);
        }
    }
}
