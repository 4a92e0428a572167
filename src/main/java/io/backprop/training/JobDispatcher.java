package io.backprop.training;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands jobs to a bounded pool of workers: queued jobs first, then running jobs whose lease lapsed
 * because their instance died or shut down. Every claim is a conditional update in the database
 * (see {@link JobRepository}), so each job is trained by one instance at a time, and a dead
 * instance's jobs resume elsewhere from their last checkpoint. Leases are renewed on a heartbeat.
 */
@Component
class JobDispatcher {

    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

    private final JobService jobs;
    private final JobRunner runner;
    private final RunningJobs running;
    private final TrainingInstance instance;
    private final TrainingProperties properties;
    private final Clock clock;
    private final ExecutorService workers;
    private final Semaphore freeWorkers;
    private volatile boolean accepting;

    JobDispatcher(JobService jobs, JobRunner runner, RunningJobs running, TrainingInstance instance,
            TrainingProperties properties, Clock clock) {
        this.jobs = jobs;
        this.runner = runner;
        this.running = running;
        this.instance = instance;
        this.properties = properties;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(properties.workers(), Thread.ofPlatform().name("trainer-", 1).factory());
        this.freeWorkers = new Semaphore(properties.workers());
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        log.info("training instance {}: {} worker(s), lease timeout {}", instance.id(), properties.workers(),
                properties.leaseTimeout());
        accepting = true;
        dispatch();
    }

    @TransactionalEventListener
    void onQueued(JobQueued event) {
        dispatch();
    }

    @Scheduled(fixedDelayString = "${backprop.training.poll-interval:1s}")
    void poll() {
        dispatch();
    }

    /** Renews this instance's leases; a job whose lease could not be renewed is stopped here at once. */
    @Scheduled(fixedDelayString = "${backprop.training.heartbeat-interval:10s}")
    void heartbeat() {
        for (String jobId : running.ids()) {
            if (!jobs.renew(jobId, instance.id())) {
                log.warn("job {}: lease lost, stopping here", jobId);
                running.leaseLost(jobId);
            }
        }
    }

    /** Whether this instance takes jobs: false before it is ready and from the start of shutdown. */
    boolean isAccepting() {
        return accepting && !workers.isShutdown();
    }

    synchronized void dispatch() {
        while (accepting && freeWorkers.tryAcquire()) {
            String jobId = claimNext();
            if (jobId == null) {
                freeWorkers.release();
                return;
            }
            RunningJobs.Control control = running.register(jobId);
            workers.execute(() -> {
                try {
                    runner.run(jobId, control);
                } finally {
                    running.remove(jobId);
                    freeWorkers.release();
                }
            });
        }
    }

    private String claimNext() {
        for (String candidate : jobs.queued()) {
            if (jobs.claim(candidate, instance.id())) {
                return candidate;
            }
        }
        Instant staleBefore = Instant.now(clock).minus(properties.leaseTimeout());
        for (String orphan : jobs.orphaned(staleBefore)) {
            if (jobs.takeOver(orphan, instance.id(), staleBefore)) {
                log.info("job {}: taken over (its lease had lapsed)", orphan);
                return orphan;
            }
        }
        return null;
    }

    /**
     * Stops taking work and asks running jobs to stop at their next mini-batch; each saves its latest
     * epoch-end checkpoint and releases its lease, so another instance resumes it without waiting.
     */
    @PreDestroy
    void shutdown() throws InterruptedException {
        accepting = false;
        running.shutdownAll();
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            log.warn("training workers did not stop within 30 s; their jobs resume after the lease timeout");
            workers.shutdownNow();
        }
    }
}
