package io.backprop.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.backprop.engine.Matrices;
import io.backprop.engine.Warmup;

/**
 * Warms the engine up in the background once the service is ready, so that the first job's first
 * epoch and the first predictions run compiled code ({@code backprop.training.warm-up-steps}, 0 to skip).
 */
@Component
class EngineWarmup {

    private static final Logger log = LoggerFactory.getLogger(EngineWarmup.class);

    private final int steps;

    EngineWarmup(@Value("${backprop.training.warm-up-steps:1000}") int steps) {
        this.steps = steps;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        if (steps <= 0) {
            return;
        }
        Thread.ofPlatform().name("engine-warm-up").daemon().priority(Thread.MIN_PRIORITY).start(() -> {
            long started = System.nanoTime();
            String tuned = Warmup.run(steps);
            log.info("engine warmed up in {} ms ({} kernel, {} steps; {})", (System.nanoTime() - started) / 1_000_000,
                    Matrices.kernelName(), steps, tuned);
        });
    }
}
