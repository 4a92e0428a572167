package io.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.backprop.web.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The body of POST /jobs, and (with defaults filled in) the job's {@code request}. Ranges are
 * checked here; how options combine (e.g. beta1 only with adam) by {@link TrainingConfig}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateJobRequest(
        @NotBlank(message = "modelId is required") String modelId,
        @NotBlank(message = "datasetId is required") String datasetId,
        @Schema(example = "100") @NotNull(message = "epochs is required") @Positive(message = "epochs must be a positive integer") Integer epochs,
        @Schema(example = "0.1") @NotNull(message = "learningRate is required") @Positive(message = "learningRate must be > 0") @Finite Double learningRate,
        @Schema(example = "32", description = "0 or absent: full batch; 1: stochastic")
        @PositiveOrZero(message = "batchSize must be 0 (full batch) or a positive integer") Integer batchSize,
        @Schema(example = "sgd", description = "sgd, adam, rmsprop") String optimizer,
        @DecimalMin(value = "0", message = "momentum must be in [0, 1)")
        @DecimalMax(value = "1", inclusive = false, message = "momentum must be in [0, 1)") @Finite Double momentum,
        Boolean nesterov,
        @DecimalMin(value = "0", message = "beta1 must be in [0, 1)")
        @DecimalMax(value = "1", inclusive = false, message = "beta1 must be in [0, 1)") @Finite Double beta1,
        @DecimalMin(value = "0", message = "beta2 must be in [0, 1)")
        @DecimalMax(value = "1", inclusive = false, message = "beta2 must be in [0, 1)") @Finite Double beta2,
        @Positive(message = "epsilon must be > 0") @Finite Double epsilon,
        @Schema(description = "rmsprop smoothing constant, default 0.99")
        @DecimalMin(value = "0", message = "rho must be in [0, 1)")
        @DecimalMax(value = "1", inclusive = false, message = "rho must be in [0, 1)") @Finite Double rho,
        @PositiveOrZero(message = "l2 must be >= 0") @Finite Double l2,
        @Valid Schedule schedule,
        @DecimalMin(value = "0", message = "validationSplit must be in [0, 1)")
        @DecimalMax(value = "1", inclusive = false, message = "validationSplit must be in [0, 1)") @Finite Double validationSplit,
        @Valid EarlyStopping earlyStopping,
        @Schema(description = "default true") Boolean shuffle,
        @Schema(description = "default a random seed, recorded in the job's request") Long seed,
        Boolean warmStart) {

    /** Learning-rate schedule: constant, step (factor, every), exponential (gamma), cosine (minLearningRate). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Schedule(
            @NotBlank(message = "schedule.type is required") String type,
            @Positive(message = "factor must be > 0") @Finite Double factor,
            @Positive(message = "every must be a positive integer") Integer every,
            @Positive(message = "gamma must be > 0") @Finite Double gamma,
            @PositiveOrZero(message = "minLearningRate must be >= 0") @Finite Double minLearningRate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EarlyStopping(
            @NotNull(message = "patience is required") @Positive(message = "patience must be a positive integer") Integer patience,
            @PositiveOrZero(message = "minDelta must be >= 0") @Finite Double minDelta) {
    }

    /** The request as the job records it: every default that decides the result written down. */
    CreateJobRequest withDefaults(long randomSeed) {
        return new CreateJobRequest(modelId, datasetId, epochs, learningRate, batchSize == null ? 0 : batchSize,
                optimizer == null ? "sgd" : optimizer, momentum, nesterov, beta1, beta2, epsilon, rho, l2, schedule,
                validationSplit, earlyStopping, shuffle == null ? Boolean.TRUE : shuffle,
                seed == null ? randomSeed : seed, warmStart);
    }
}
