package io.backprop.prediction;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param cacheSize networks kept ready in memory, least recently used evicted first
 * @param latestVersionTtl how long "the latest version of a model" is trusted without asking the
 *        database; versions stored by this instance are seen at once, by another instance within this
 */
@ConfigurationProperties("backprop.prediction")
public record PredictionProperties(@DefaultValue("64") int cacheSize, @DefaultValue("5s") Duration latestVersionTtl) {
}
