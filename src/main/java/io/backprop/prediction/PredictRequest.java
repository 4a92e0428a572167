package io.backprop.prediction;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** The body of POST /predict: several samples at once. */
public record PredictRequest(
        @Schema(example = "…") @NotBlank(message = "model is required") String model,
        @Schema(description = "default: the latest version") @Min(value = 1, message = "version must be 1 or more") Integer version,
        @Schema(example = "[[0,1],[1,1]]") @NotEmpty(message = "inputs is required: an array of samples")
        List<@NotNull(message = "a sample is required") float[]> inputs) {
}
