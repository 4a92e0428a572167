package io.backprop.training;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workers jobs trained at once by this instance (one job already uses every core)
 * @param pollInterval how often queued jobs are looked for, besides right after each submission
 */
@ConfigurationProperties("backprop.training")
public record TrainingProperties(@DefaultValue("1") int workers, @DefaultValue("1s") Duration pollInterval) {
}
