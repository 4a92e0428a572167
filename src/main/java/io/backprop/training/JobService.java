package io.backprop.training;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.backprop.dataset.DatasetResponse;
import io.backprop.dataset.DatasetService;
import io.backprop.engine.EpochResult;
import io.backprop.engine.TrainingCheckpoint;
import io.backprop.model.ModelResponse;
import io.backprop.model.ModelService;
import io.backprop.model.VersionProvenance;
import io.backprop.web.ApiException;
import io.backprop.web.FieldProblem;
import io.backprop.web.LimitsProperties;
import tools.jackson.databind.json.JsonMapper;

/** The lifecycle of training jobs: submission, progress records, outcome, cancellation. */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final JobRepository jobs;
    private final JobEpochRepository epochs;
    private final CheckpointRepository checkpoints;
    private final ModelService models;
    private final DatasetService datasets;
    private final RunningJobs running;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final LimitsProperties limits;
    private final Clock clock;

    JobService(JobRepository jobs, JobEpochRepository epochs, CheckpointRepository checkpoints, ModelService models, DatasetService datasets,
            RunningJobs running, ApplicationEventPublisher events, JsonMapper json, LimitsProperties limits, Clock clock) {
        this.jobs = jobs;
        this.epochs = epochs;
        this.checkpoints = checkpoints;
        this.models = models;
        this.datasets = datasets;
        this.running = running;
        this.events = events;
        this.json = json;
        this.limits = limits;
        this.clock = clock;
    }

    @Transactional
    public JobResponse submit(CreateJobRequest request) {
        TrainingConfig.requireConsistent(request);
        if (request.epochs() > limits.maxEpochs()) {
            throw ApiException.invalid("epochs", "at most " + limits.maxEpochs() + " (the limit backprop.limits.max-epochs)");
        }
        ModelResponse model = models.get(request.modelId());
        DatasetResponse dataset = datasets.get(request.datasetId());
        int outputs = model.layers().getLast().units();
        if (model.inputSize() != dataset.featureCount() || outputs != dataset.targetCount()) {
            throw ApiException.invalid(List.of(new FieldProblem("datasetId", "the dataset has " + dataset.featureCount()
                    + " features and " + dataset.targetCount() + " targets, but the model takes " + model.inputSize()
                    + " inputs and gives " + outputs + " outputs")));
        }
        if (request.validationSplit() != null && request.validationSplit() > 0
                && Math.round(dataset.rows() * request.validationSplit()) >= dataset.rows()) {
            throw ApiException.invalid("validationSplit", "holds out every one of the dataset's " + dataset.rows()
                    + " rows; at least one must remain for training");
        }
        if (Boolean.TRUE.equals(request.warmStart()) && model.version() == 0) {
            throw ApiException.conflict("warmStart: model '" + model.id()
                    + "' has no parameters to continue from; train it once without warmStart first");
        }
        CreateJobRequest recorded = request.withDefaults(RandomGenerator.getDefault().nextLong(1L << 53));
        Job job = new Job(UUID.randomUUID().toString(), model.id(), dataset.id(), recorded.epochs(),
                json.writeValueAsString(recorded), Instant.now(clock));
        jobs.save(job);
        events.publishEvent(new JobQueued(job.getId()));
        return toResponse(job);
    }

    @Transactional(readOnly = true)
    public JobResponse get(String id) {
        return toResponse(find(id));
    }

    @Transactional(readOnly = true)
    public List<JobResponse> list(JobStatus status, String modelId, int limit, int offset) {
        return jobs.search(status, modelId, PageRequest.of(0, offset + limit)).stream()
                .skip(offset).map(this::toResponse).toList();
    }

    @Transactional(readOnly = true)
    public List<EpochResponse> epochs(String id) {
        find(id);
        return epochs.findByJobIdOrderByEpoch(id).stream().map(EpochResponse::of).toList();
    }

    /** A queued job is cancelled at once; a running one stops at its next mini-batch boundary. */
    @Transactional
    public JobResponse cancel(String id) {
        Job job = find(id);
        if (job.getStatus().isFinished()) {
            throw ApiException.conflict("job '" + id + "' has already ended: " + job.getStatus());
        }
        if (job.getStatus() == JobStatus.QUEUED && jobs.cancelQueued(id, Instant.now(clock)) == 1) {
            return get(id);
        }
        jobs.requestCancel(id);
        running.cancel(id);
        return get(id);
    }

    // --- used by the dispatcher and the runner: each step its own transaction, each write checked
    //     against the lease, so that an instance that lost a job can no longer change it ---

    /** The ids of the oldest queued jobs. */
    @Transactional(readOnly = true)
    List<String> queued() {
        return jobs.findTop8ByStatusOrderByCreatedAtAscIdAsc(JobStatus.QUEUED).stream().map(Job::getId).toList();
    }

    /** Running jobs whose lease lapsed before {@code staleBefore}. */
    @Transactional(readOnly = true)
    List<String> orphaned(Instant staleBefore) {
        return jobs.findStale(staleBefore, PageRequest.of(0, 8));
    }

    /** Claims a queued job; a new transaction, since it may be called after another one committed. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean claim(String id, String instance) {
        return jobs.claim(id, instance, Instant.now(clock)) == 1;
    }

    /** Takes over a running job whose lease lapsed (its instance died or shut down). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean takeOver(String id, String instance, Instant staleBefore) {
        return jobs.takeOver(id, instance, Instant.now(clock), staleBefore) == 1;
    }

    @Transactional
    boolean renew(String id, String instance) {
        return jobs.renew(id, instance, Instant.now(clock)) == 1;
    }

    /**
     * Where a claimed job starts: its checkpoint, if an earlier run left one, after forgetting the
     * epochs recorded since (they will be trained again, identically).
     */
    @Transactional
    Optional<TrainingCheckpoint> resumePoint(String id, String instance) {
        requireLease(id, instance);
        Optional<TrainingCheckpoint> checkpoint = checkpoints.find(id);
        int resumed = epochs.deleteAfter(id, checkpoint.map(TrainingCheckpoint::epochsCompleted).orElse(0));
        if (resumed > 0 || checkpoint.isPresent()) {
            log.info("job {} resumes after epoch {} ({} recorded epochs to train again)", id,
                    checkpoint.map(TrainingCheckpoint::epochsCompleted).orElse(0), resumed);
        }
        return checkpoint;
    }

    @Transactional(readOnly = true)
    CreateJobRequest request(String id) {
        return json.readValue(find(id).getRequest(), CreateJobRequest.class);
    }

    /** The recorded request as JSON, for a version's provenance. */
    @Transactional(readOnly = true)
    String requestJson(String id) {
        return find(id).getRequest();
    }

    /**
     * Stores a finished epoch, with the checkpoint of that epoch when one is due (together, so a
     * resumed job never repeats or skips an epoch row), and returns whether a cancel was asked for.
     */
    @Transactional
    boolean recordEpoch(String id, String instance, EpochResult result, TrainingCheckpoint checkpoint) {
        Job job = requireLease(id, instance);
        epochs.save(new JobEpoch(id, result.epoch(), result.cost(), result.accuracy(), result.validationCost(),
                result.validationAccuracy(), decimal(result.learningRate()), result.millis()));
        job.recordEpoch(result.epoch(), result.cost(), result.accuracy(), result.validationCost(), result.validationAccuracy());
        if (checkpoint != null) {
            checkpoints.save(id, checkpoint, Instant.now(clock));
        }
        return job.isCancelRequested();
    }

    /** At shutdown: saves the latest checkpoint and gives the lease up, so another process resumes the job. */
    @Transactional
    void release(String id, String instance, TrainingCheckpoint latest) {
        requireLease(id, instance);
        if (latest != null) {
            checkpoints.save(id, latest, Instant.now(clock));
        }
        jobs.release(id, instance);
    }

    /**
     * The trained parameters become the model's next version and the job succeeds, together or not at
     * all. With {@code bestEpoch} (parameters restored to that epoch) the job shows that epoch's figures.
     */
    @Transactional
    void succeed(String id, String instance, float[] parameters, VersionProvenance provenance) {
        Job job = requireLease(id, instance);
        int version = models.storeTrainedVersion(job.getModelId(), parameters, provenance);
        showBestEpoch(job, provenance.bestEpoch());
        job.succeed(version, provenance.bestEpoch(), Instant.now(clock));
        checkpoints.delete(id);
    }

    /** Cancelled after at least one epoch: the best-so-far parameters are kept as a version. */
    @Transactional
    void cancelled(String id, String instance, float[] parameters, VersionProvenance provenance) {
        Job job = requireLease(id, instance);
        int version = models.storeTrainedVersion(job.getModelId(), parameters, provenance);
        showBestEpoch(job, provenance.bestEpoch());
        job.cancel(version, provenance.bestEpoch(), Instant.now(clock));
        checkpoints.delete(id);
    }

    @Transactional
    void cancelled(String id, String instance) {
        requireLease(id, instance).cancel(Instant.now(clock));
        checkpoints.delete(id);
    }

    @Transactional
    void fail(String id, String instance, String error) {
        requireLease(id, instance).fail(error, Instant.now(clock));
        checkpoints.delete(id);
    }

    private Job requireLease(String id, String instance) {
        Job job = find(id);
        if (!job.isLeasedBy(instance)) {
            throw new LeaseLostException(id);
        }
        return job;
    }

    private void showBestEpoch(Job job, Integer bestEpoch) {
        if (bestEpoch != null) {
            epochs.findByJobIdAndEpoch(job.getId(), bestEpoch).ifPresent(best -> job.showFigures(best.getCost(),
                    best.getAccuracy(), best.getValidationCost(), best.getValidationAccuracy()));
        }
    }

    /** The float's shortest decimal as a double, so that 0.1f is recorded as 0.1, not 0.10000000149011612. */
    private static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    private Job find(String id) {
        return jobs.findById(id).orElseThrow(() -> JobNotFoundException.forId(id));
    }

    private JobResponse toResponse(Job job) {
        return new JobResponse(job.getId(), job.getModelId(), job.getDatasetId(), job.getStatus(), job.getEpochs(),
                job.getEpochsCompleted(), job.getCost(), job.getValidationCost(), job.getAccuracy(),
                job.getValidationAccuracy(), job.getModelVersion(), job.getBestEpoch(), job.getError(), job.getCreatedAt(),
                job.getStartedAt(), job.getFinishedAt(), json.readValue(job.getRequest(), CreateJobRequest.class));
    }
}
