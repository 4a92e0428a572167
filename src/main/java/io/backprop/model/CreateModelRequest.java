package io.backprop.model;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The body of POST /models. Names are checked against the engine's own lists in {@link ModelSpecs}. */
public record CreateModelRequest(
        @Schema(example = "xor") @NotBlank(message = "name is required")
        @Size(max = 200, message = "name must be 1 to 200 characters") String name,
        @Schema(example = "2") @NotNull(message = "inputSize is required")
        @Positive(message = "inputSize must be a positive integer") Integer inputSize,
        @NotEmpty(message = "layers is required: at least the output layer") List<@NotNull(message = "a layer is required") @Valid LayerDefinition> layers,
        @Schema(example = "binary_cross_entropy", description = "mse, cross_entropy, binary_cross_entropy, kl_divergence")
        @NotBlank(message = "loss is required") String loss,
        @Schema(example = "xavier", description = "xavier, he, lecun, small_random, zeros; default he for relu-family layers, xavier otherwise")
        String initializer,
        @Schema(example = "42", description = "same seed, same initial parameters; default a random seed, recorded") Long seed) {
}
