package io.backprop.training;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The job engine's part of readiness: UP while this instance takes jobs, with what it is training;
 * OUT_OF_SERVICE before it is ready and while it shuts down (its jobs are being handed over).
 */
@Component("jobEngine")
class JobEngineHealth implements HealthIndicator {

    private final JobDispatcher dispatcher;
    private final RunningJobs running;
    private final TrainingInstance instance;
    private final TrainingProperties properties;

    JobEngineHealth(JobDispatcher dispatcher, RunningJobs running, TrainingInstance instance, TrainingProperties properties) {
        this.dispatcher = dispatcher;
        this.running = running;
        this.instance = instance;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Health.Builder health = dispatcher.isAccepting() ? Health.up() : Health.outOfService();
        return health.withDetail("instance", instance.id())
                .withDetail("workers", properties.workers())
                .withDetail("running", running.ids())
                .build();
    }
}
