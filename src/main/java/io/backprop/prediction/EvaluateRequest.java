package io.backprop.prediction;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** The body of POST /models/{id}/evaluate: the dataset to measure on, and a version (default the latest). */
public record EvaluateRequest(@NotBlank(message = "datasetId is required") String datasetId,
                              @Min(value = 1, message = "version must be 1 or more") Integer version) {
}
