package io.backprop.training;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.backprop.dataset.DatasetMatrices;
import io.backprop.dataset.DatasetService;
import io.backprop.engine.EpochResult;
import io.backprop.engine.FitResult;
import io.backprop.engine.Network;
import io.backprop.engine.Optimizer;
import io.backprop.engine.Optimizers;
import io.backprop.engine.Trainer;
import io.backprop.engine.TrainingCheckpoint;
import io.backprop.engine.TrainingOptions;
import io.backprop.model.ModelService;
import io.backprop.model.StoredNetwork;
import io.backprop.model.VersionProvenance;
import io.backprop.web.ApiException;

/**
 * Trains one claimed job with the engine: loads the dataset once; builds the network from the job's
 * checkpoint (a resumed job), the model's latest version (a warm start) or its initializer and seed;
 * records every epoch with a checkpoint when due; and stores the outcome. Runs on a worker thread,
 * outside any transaction; each database step is its own and checks that this instance still holds
 * the job's lease.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobService jobs;
    private final ModelService models;
    private final DatasetService datasets;
    private final TrainingInstance instance;
    private final TrainingProperties properties;
    private final TrainingMetrics metrics;

    JobRunner(JobService jobs, ModelService models, DatasetService datasets, TrainingInstance instance,
            TrainingProperties properties, TrainingMetrics metrics) {
        this.jobs = jobs;
        this.models = models;
        this.datasets = datasets;
        this.instance = instance;
        this.properties = properties;
        this.metrics = metrics;
    }

    void run(String jobId, RunningJobs.Control control) {
        String me = instance.id();
        try {
            CreateJobRequest request = jobs.request(jobId);
            StoredNetwork model = models.stored(request.modelId(), null);
            DatasetMatrices data = datasets.load(request.datasetId());
            Optional<TrainingCheckpoint> resumeFrom = jobs.resumePoint(jobId, me);
            boolean warmStart = Boolean.TRUE.equals(request.warmStart());
            if (warmStart && model.version() == 0) {
                throw ApiException.conflict("warmStart: the model has no parameters to continue from");
            }
            Network network = resumeFrom.isPresent() ? Network.fromParameters(model.spec(), resumeFrom.get().parameters())
                    : warmStart ? Network.fromParameters(model.spec(), model.parameters())
                    : Network.initialize(model.spec(), model.seed());
            Optimizer optimizer = Optimizers.create(TrainingConfig.optimizer(request), network.parameters().length);
            if (resumeFrom.isEmpty() && warmStart && model.optimizerState() != null
                    && model.optimizerState().optimizer().equals(optimizer.name())) {
                // Continuing with the same optimizer: its momentum or moments carry on, so that two jobs equal one.
                optimizer.restore(model.optimizerState());
            }
            log.info("job {} started on {}: {} rows, {} epochs, batch size {}, {}{}", jobId, me, data.rows(),
                    request.epochs(), request.batchSize(), optimizer.name(),
                    resumeFrom.map(c -> ", resumed after epoch " + c.epochsCompleted())
                            .orElse(warmStart ? ", warm start from version " + model.version() : ""));

            Trainer trainer = new Trainer(network, optimizer);
            double split = request.validationSplit() == null ? 0 : request.validationSplit();
            int trainingRows = data.rows() - (int) Math.round(data.rows() * split);
            EpochRecorder recorder = new EpochRecorder(jobId, me, trainer, control, resumeFrom.orElse(null), trainingRows);
            TrainingOptions options = TrainingConfig.options(request);
            FitResult result = resumeFrom.isPresent()
                    ? trainer.fit(data.features(), data.targets(), data.rows(), options, recorder, control::stopRequested,
                            resumeFrom.get())
                    : trainer.fit(data.features(), data.targets(), data.rows(), options, recorder, control::stopRequested);

            finish(jobId, me, request, data, network, optimizer, result, control, recorder.latest);
        } catch (LeaseLostException e) {
            log.warn("job {}: {}; another instance carries on with it", jobId, e.getMessage());
        } catch (ApiException e) {
            fail(jobId, me, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            log.error("job {} failed", jobId, e);
            fail(jobId, me, e instanceof OutOfMemoryError
                    ? "out of memory: the dataset or network is too large for this instance's heap"
                    : "training failed: " + e.getMessage());
        }
    }

    private void finish(String jobId, String me, CreateJobRequest request, DatasetMatrices data, Network network,
            Optimizer optimizer, FitResult result, RunningJobs.Control control, TrainingCheckpoint latest) {
        // The engine restored the best epoch's parameters when early stopping was on, or on a stop.
        boolean restoredBest = result.bestEpoch() > 0
                && (request.earlyStopping() != null || result.outcome() == FitResult.Outcome.STOPPED);
        VersionProvenance provenance = new VersionProvenance(jobId, data.id(), data.contentHash(),
                jobs.requestJson(jobId), restoredBest ? result.bestEpoch() : null, data.classes(), optimizer.state());
        switch (result.outcome()) {
            case COMPLETED, EARLY_STOPPED -> jobs.succeed(jobId, me, network.parameters(), provenance);
            case DIVERGED -> jobs.fail(jobId, me, "the cost became NaN or infinite in epoch " + result.failedEpoch()
                    + "; try a smaller learning rate than " + request.learningRate());
            case STOPPED -> {
                if (control.isCancelled() && result.bestEpoch() > 0) {
                    jobs.cancelled(jobId, me, network.parameters(), provenance);
                } else if (control.isCancelled()) {
                    jobs.cancelled(jobId, me);
                } else if (control.isShuttingDown()) {
                    jobs.release(jobId, me, latest);
                    log.info("job {}: released at shutdown after epoch {}", jobId,
                            latest == null ? 0 : latest.epochsCompleted());
                    return;
                }
                // A lost lease: the job belongs to another instance now; nothing is written.
            }
        }
        metrics.finished(result.outcome() == FitResult.Outcome.STOPPED ? "CANCELLED" : result.outcome().name());
        log.info("job {} ended: {} after {} epochs", jobId, result.outcome(), result.epochsCompleted());
    }

    private void fail(String jobId, String me, String error) {
        try {
            jobs.fail(jobId, me, error);
            metrics.finished("FAILED");
        } catch (LeaseLostException e) {
            log.warn("job {} failed here ({}) but is no longer leased by this instance", jobId, error);
        } catch (RuntimeException e) {
            log.error("could not record the failure of job {}: {}", jobId, error, e);
        }
    }

    /** Records each epoch as it ends, with a checkpoint every {@code checkpointEvery} epochs; keeps the latest. */
    private final class EpochRecorder implements io.backprop.engine.EpochListener {

        private final String jobId;
        private final String me;
        private final Trainer trainer;
        private final RunningJobs.Control control;
        private final int trainingRows;
        private TrainingCheckpoint latest;

        EpochRecorder(String jobId, String me, Trainer trainer, RunningJobs.Control control, TrainingCheckpoint start,
                int trainingRows) {
            this.trainingRows = trainingRows;
            this.jobId = jobId;
            this.me = me;
            this.trainer = trainer;
            this.control = control;
            this.latest = start;
        }

        @Override
        public void onEpoch(EpochResult epoch) {
            // Kept in memory every epoch (a copy per epoch, not per batch), so shutdown can save the latest.
            latest = trainer.checkpoint();
            metrics.epoch(epoch, trainingRows);
            boolean due = epoch.epoch() % properties.checkpointEvery() == 0;
            log.info("job={} epoch={} cost={} accuracy={} validationCost={} validationAccuracy={} learningRate={} millis={}",
                    jobId, epoch.epoch(), epoch.cost(), epoch.accuracy(), epoch.validationCost(), epoch.validationAccuracy(),
                    epoch.learningRate(), epoch.millis());
            if (jobs.recordEpoch(jobId, me, epoch, due ? latest : null)) {
                control.cancel();
            }
        }
    }
}
