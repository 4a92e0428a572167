package io.backprop.training;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.backprop.dataset.DatasetResponse;
import io.backprop.dataset.DatasetService;
import io.backprop.engine.EpochResult;
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

    private final JobRepository jobs;
    private final JobEpochRepository epochs;
    private final ModelService models;
    private final DatasetService datasets;
    private final RunningJobs running;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final LimitsProperties limits;
    private final Clock clock;

    JobService(JobRepository jobs, JobEpochRepository epochs, ModelService models, DatasetService datasets,
            RunningJobs running, ApplicationEventPublisher events, JsonMapper json, LimitsProperties limits, Clock clock) {
        this.jobs = jobs;
        this.epochs = epochs;
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

    // --- used by the dispatcher and the runner, each step its own transaction ---

    /** The ids of the oldest queued jobs. */
    @Transactional(readOnly = true)
    List<String> queued() {
        return jobs.findTop8ByStatusOrderByCreatedAtAscIdAsc(JobStatus.QUEUED).stream().map(Job::getId).toList();
    }

    /** Claims a queued job; a new transaction, since it may be called after another one committed. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean claim(String id) {
        return jobs.claim(id, Instant.now(clock)) == 1;
    }

    @Transactional
    int failInterrupted() {
        return jobs.failAllRunning("interrupted by a restart; submit the job again", Instant.now(clock));
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

    /** Stores a finished epoch and returns whether a cancel was asked for (possibly on another instance). */
    @Transactional
    boolean recordEpoch(String id, EpochResult result) {
        Job job = find(id);
        epochs.save(new JobEpoch(id, result.epoch(), result.cost(), result.accuracy(), result.validationCost(),
                result.validationAccuracy(), decimal(result.learningRate()), result.millis()));
        job.recordEpoch(result.epoch(), result.cost(), result.accuracy(), result.validationCost(), result.validationAccuracy());
        return job.isCancelRequested();
    }

    /**
     * The trained parameters become the model's next version and the job succeeds, together or not at
     * all. With {@code bestEpoch} (parameters restored to that epoch) the job shows that epoch's figures.
     */
    @Transactional
    void succeed(String id, float[] parameters, VersionProvenance provenance) {
        Job job = find(id);
        int version = models.storeTrainedVersion(job.getModelId(), parameters, provenance);
        showBestEpoch(job, provenance.bestEpoch());
        job.succeed(version, provenance.bestEpoch(), Instant.now(clock));
    }

    /** Cancelled after at least one epoch: the best-so-far parameters are kept as a version. */
    @Transactional
    void cancelled(String id, float[] parameters, VersionProvenance provenance) {
        Job job = find(id);
        int version = models.storeTrainedVersion(job.getModelId(), parameters, provenance);
        showBestEpoch(job, provenance.bestEpoch());
        job.cancel(version, provenance.bestEpoch(), Instant.now(clock));
    }

    private void showBestEpoch(Job job, Integer bestEpoch) {
        if (bestEpoch != null) {
            epochs.findByJobIdAndEpoch(job.getId(), bestEpoch).ifPresent(best -> job.showFigures(best.getCost(),
                    best.getAccuracy(), best.getValidationCost(), best.getValidationAccuracy()));
        }
    }

    @Transactional
    void fail(String id, String error) {
        find(id).fail(error, Instant.now(clock));
    }

    @Transactional
    void cancelled(String id) {
        find(id).cancel(Instant.now(clock));
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
