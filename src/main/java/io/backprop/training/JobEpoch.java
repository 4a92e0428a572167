package io.backprop.training;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One finished epoch of a job, written as the epoch ends. */
@Entity
@Table(name = "job_epochs")
@IdClass(JobEpoch.Key.class)
class JobEpoch {

    @Id
    private String jobId;

    @Id
    private int epoch;

    private double cost;

    private Double validationCost;

    private Double accuracy;

    private Double validationAccuracy;

    private double learningRate;

    private long millis;

    protected JobEpoch() {
    }

    JobEpoch(String jobId, int epoch, double cost, Double accuracy, Double validationCost, Double validationAccuracy,
            double learningRate, long millis) {
        this.jobId = jobId;
        this.epoch = epoch;
        this.cost = cost;
        this.accuracy = accuracy;
        this.validationCost = validationCost;
        this.validationAccuracy = validationAccuracy;
        this.learningRate = learningRate;
        this.millis = millis;
    }

    int getEpoch() {
        return epoch;
    }

    double getCost() {
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

    double getLearningRate() {
        return learningRate;
    }

    long getMillis() {
        return millis;
    }

    static class Key implements Serializable {

        private String jobId;
        private int epoch;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && epoch == key.epoch && Objects.equals(jobId, key.jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, epoch);
        }
    }
}
