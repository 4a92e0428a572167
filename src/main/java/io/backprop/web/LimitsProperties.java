package io.backprop.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one instance accepts, so that an oversized request is refused with a message naming the
 * limit instead of running the JVM out of memory. Each is named in the refusal as
 * {@code backprop.limits.<name>}.
 *
 * @param maxParameters weights + biases of one model
 * @param maxDatasetValues rows × (features + targets) of one dataset
 * @param maxEpochs epochs of one job
 * @param maxBodySize bytes of one request body
 * @param maxPredictRows samples in one POST /predict
 */
@ConfigurationProperties("backprop.limits")
public record LimitsProperties(
        @DefaultValue("50000000") long maxParameters,
        @DefaultValue("200000000") long maxDatasetValues,
        @DefaultValue("100000") int maxEpochs,
        @DefaultValue("1GB") DataSize maxBodySize,
        @DefaultValue("10000") int maxPredictRows) {
}
