package io.backprop.training;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A training job: the API's record of what was asked, where it stands, and what it produced. */
@Entity
@Table(name = "jobs")
class Job {

    @Id
    private String id;

    private String modelId;

    private String datasetId;

    @Enumerated(EnumType.STRING)
    private JobStatus status;

    private int epochs;

    private int epochsCompleted;

    private Double cost;

    private Double validationCost;

    private Double accuracy;

    private Double validationAccuracy;

    private Integer modelVersion;

    /** The epoch whose parameters became the version, when early stopping or a cancel restored them. */
    private Integer bestEpoch;

    private String error;

    private boolean cancelRequested;

    /** The instance training the job, while it holds the lease. */
    private String claimedBy;

    /** Renewed by the instance training the job; when it grows old, another instance takes the job over. */
    private Instant heartbeatAt;

    /** The submitted options with defaults filled in (the seed above all), as JSON. */
    private String request;

    private Instant createdAt;

    private Instant startedAt;

    private Instant finishedAt;

    protected Job() {
    }

    Job(String id, String modelId, String datasetId, int epochs, String request, Instant createdAt) {
        this.id = id;
        this.modelId = modelId;
        this.datasetId = datasetId;
        this.status = JobStatus.QUEUED;
        this.epochs = epochs;
        this.request = request;
        this.createdAt = createdAt;
    }

    void recordEpoch(int epoch, double cost, Double accuracy, Double validationCost, Double validationAccuracy) {
        this.epochsCompleted = epoch;
        showFigures(cost, accuracy, validationCost, validationAccuracy);
    }

    /** The job's own figures: those of its last epoch, or of the best one when its parameters were kept. */
    void showFigures(double cost, Double accuracy, Double validationCost, Double validationAccuracy) {
        this.cost = cost;
        this.accuracy = accuracy;
        this.validationCost = validationCost;
        this.validationAccuracy = validationAccuracy;
    }

    private void endLease() {
        this.claimedBy = null;
        this.heartbeatAt = null;
    }

    void succeed(int modelVersion, Integer bestEpoch, Instant now) {
        endLease();
        this.status = JobStatus.SUCCEEDED;
        this.modelVersion = modelVersion;
        this.bestEpoch = bestEpoch;
        this.finishedAt = now;
    }

    /** Cancelled after at least one epoch: the best-so-far parameters were kept as a version. */
    void cancel(int modelVersion, int bestEpoch, Instant now) {
        cancel(now);
        this.modelVersion = modelVersion;
        this.bestEpoch = bestEpoch;
    }

    void fail(String error, Instant now) {
        endLease();
        this.status = JobStatus.FAILED;
        this.error = error.length() > 2000 ? error.substring(0, 2000) : error;
        this.finishedAt = now;
    }

    void cancel(Instant now) {
        endLease();
        this.status = JobStatus.CANCELLED;
        this.finishedAt = now;
    }

    void requestCancel() {
        this.cancelRequested = true;
    }

    String getId() {
        return id;
    }

    String getModelId() {
        return modelId;
    }

    String getDatasetId() {
        return datasetId;
    }

    JobStatus getStatus() {
        return status;
    }

    int getEpochs() {
        return epochs;
    }

    int getEpochsCompleted() {
        return epochsCompleted;
    }

    Double getCost() {
        return cost;
    }

    Double getValidationCost() {
        return validationCost;
    }

    Double getAccuracy() {
        return accuracy;
    }

    Double getValidationAccuracy() {
        return validationAccuracy;
    }

    Integer getModelVersion() {
        return modelVersion;
    }

    Integer getBestEpoch() {
        return bestEpoch;
    }

    String getError() {
        return error;
    }

    boolean isLeasedBy(String instance) {
        return status == JobStatus.RUNNING && instance.equals(claimedBy);
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    String getRequest() {
        return request;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getStartedAt() {
        return startedAt;
    }

    Instant getFinishedAt() {
        return finishedAt;
    }
}
