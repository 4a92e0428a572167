package io.backprop.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.backprop.dataset.DatasetMatrices;
import io.backprop.dataset.DatasetService;
import io.backprop.engine.FitResult;
import io.backprop.engine.Network;
import io.backprop.engine.Optimizer;
import io.backprop.engine.Optimizers;
import io.backprop.engine.Trainer;
import io.backprop.model.ModelService;
import io.backprop.model.StoredNetwork;
import io.backprop.model.VersionProvenance;
import io.backprop.web.ApiException;

/**
 * Trains one claimed job with the engine: loads the dataset once, builds the network from the
 * model's initializer and seed (or, for a warm start, from its latest version and optimizer state),
 * records every epoch as it ends, and stores the outcome. Runs on a worker thread, outside any
 * transaction; each database step is its own.
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
            boolean warmStart = Boolean.TRUE.equals(request.warmStart());
            if (warmStart && model.version() == 0) {
                throw ApiException.conflict("warmStart: the model has no parameters to continue from");
            }
            Network network = warmStart ? Network.fromParameters(model.spec(), model.parameters())
                    : Network.initialize(model.spec(), model.seed());
            Optimizer optimizer = Optimizers.create(TrainingConfig.optimizer(request), network.parameters().length);
            if (warmStart && model.optimizerState() != null && model.optimizerState().optimizer().equals(optimizer.name())) {
                // Continuing with the same optimizer: its momentum or moments carry on, so that two jobs equal one.
                optimizer.restore(model.optimizerState());
            }
            log.info("job {} started: {} rows, {} epochs, batch size {}, {}{}", jobId, data.rows(), request.epochs(),
                    request.batchSize(), optimizer.name(), warmStart ? ", warm start from version " + model.version() : "");

            FitResult result = new Trainer(network, optimizer).fit(data.features(), data.targets(), data.rows(),
                    TrainingConfig.options(request),
                    epoch -> {
                        log.info("job {} epoch {}: cost {} accuracy {} validation cost {} ({} ms)", jobId, epoch.epoch(),
                                epoch.cost(), epoch.accuracy(), epoch.validationCost(), epoch.millis());
                        if (jobs.recordEpoch(jobId, epoch)) {
                            control.cancel();
                        }
                    },
                    control::stopRequested);

            // The engine restored the best epoch's parameters when early stopping was on, or on a cancel.
            boolean restoredBest = result.bestEpoch() > 0
                    && (request.earlyStopping() != null || result.outcome() == FitResult.Outcome.STOPPED);
            VersionProvenance provenance = new VersionProvenance(jobId, data.id(), data.contentHash(),
                    jobs.requestJson(jobId), restoredBest ? result.bestEpoch() : null, data.classes(), optimizer.state());
            switch (result.outcome()) {
                case COMPLETED, EARLY_STOPPED -> jobs.succeed(jobId, network.parameters(), provenance);
                case DIVERGED -> jobs.fail(jobId, "the cost became NaN or infinite in epoch " + result.failedEpoch()
                        + "; try a smaller learning rate than " + request.learningRate());
                case STOPPED -> {
                    if (control.isCancelled() && result.bestEpoch() > 0) {
                        jobs.cancelled(jobId, network.parameters(), provenance);
                    } else if (control.isCancelled()) {
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
