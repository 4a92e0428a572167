package io.backprop.training;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.backprop.engine.EpochResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What an operator watches about training (docs/operations.md): jobs by status and the queue depth
 * (from the database, so every instance reports the cluster's), jobs this instance finished, epoch
 * durations, and training throughput in samples per second.
 */
@Component
class TrainingMetrics {

    private final MeterRegistry registry;
    private final Timer epochDuration;
    private final DistributionSummary samplesPerSecond;
    private final AtomicLong lastSamplesPerSecond = new AtomicLong();

    TrainingMetrics(MeterRegistry registry, JobRepository jobs, RunningJobs running) {
        this.registry = registry;
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("backprop.jobs", jobs, repository -> repository.countByStatus(status))
                    .tag("status", status.name()).description("jobs in the database by status").register(registry);
        }
        Gauge.builder("backprop.jobs.queue.depth", jobs, repository -> repository.countByStatus(JobStatus.QUEUED))
                .description("jobs waiting for a worker").register(registry);
        Gauge.builder("backprop.jobs.running.here", running, r -> r.ids().size())
                .description("jobs this instance is training").register(registry);
        this.epochDuration = Timer.builder("backprop.training.epoch.duration").description("wall time of one epoch")
                .publishPercentileHistogram().register(registry);
        this.samplesPerSecond = DistributionSummary.builder("backprop.training.samples.per.second")
                .description("training rows processed per second, one value per epoch").register(registry);
        Gauge.builder("backprop.training.samples.per.second.last", lastSamplesPerSecond, AtomicLong::get)
                .description("the throughput of the last epoch trained here").register(registry);
    }

    void epoch(EpochResult epoch, int trainingRows) {
        epochDuration.record(Duration.ofMillis(epoch.millis()));
        long rate = Math.round(trainingRows * 1000.0 / Math.max(1, epoch.millis()));
        samplesPerSecond.record(rate);
        lastSamplesPerSecond.set(rate);
    }

    void finished(String outcome) {
        Counter.builder("backprop.jobs.finished").tag("outcome", outcome)
                .description("jobs this instance brought to an end, by outcome").register(registry).increment();
    }
}
