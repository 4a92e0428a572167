package io.backprop.training;

import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
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
 * Hands queued jobs to a bounded pool of workers. A job is claimed by a conditional update
 * (QUEUED → RUNNING) in the database, so it runs once even if several dispatchers look at it.
 * It looks right after each submission commits, and at every poll interval.
 */
@Component
class JobDispatcher {

    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

    private final JobService jobs;
    private final JobRunner runner;
    private final RunningJobs running;
    private final ExecutorService workers;
    private final Semaphore freeWorkers;
    private volatile boolean accepting;

    JobDispatcher(JobService jobs, JobRunner runner, RunningJobs running, TrainingProperties properties) {
        this.jobs = jobs;
        this.runner = runner;
        this.running = running;
        this.workers = Executors.newFixedThreadPool(properties.workers(), Thread.ofPlatform().name("trainer-", 1).factory());
        this.freeWorkers = new Semaphore(properties.workers());
    }

    /** Before taking work, jobs that a crash left RUNNING are marked failed: nothing is training them. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        int interrupted = jobs.failInterrupted();
        if (interrupted > 0) {
            log.warn("{} job(s) were interrupted by a restart and are marked FAILED", interrupted);
        }
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
            if (jobs.claim(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Stops taking work, asks running jobs to stop at their next mini-batch, and waits for them. */
    @PreDestroy
    void shutdown() throws InterruptedException {
        accepting = false;
        running.shutdownAll();
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            log.warn("training workers did not stop within 30 s");
            workers.shutdownNow();
        }
    }
}
