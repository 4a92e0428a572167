package io.backprop.training;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workers jobs trained at once by this instance (one job already uses every core)
 * @param pollInterval how often queued and orphaned jobs are looked for, besides right after each submission
 * @param heartbeatInterval how often this instance renews the leases of the jobs it trains
 * @param leaseTimeout how old a lease may grow before another instance takes the job over
 *        (a dead instance's jobs resume elsewhere within this plus one poll interval)
 * @param checkpointEvery epochs between checkpoints; 1 makes a crash cost at most the epoch in flight
 */
@ConfigurationProperties("backprop.training")
public record TrainingProperties(
        @DefaultValue("1") int workers,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration leaseTimeout,
        @DefaultValue("1") int checkpointEvery) {

    public TrainingProperties {
        if (workers < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("backprop.training.workers and checkpoint-every must be at least 1");
        }
        if (leaseTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("backprop.training.lease-timeout (" + leaseTimeout
                    + ") must be at least twice heartbeat-interval (" + heartbeatInterval
                    + "), or live jobs would be taken over");
        }
    }
}
