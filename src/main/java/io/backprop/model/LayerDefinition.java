package io.backprop.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.backprop.web.Finite;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** A layer as clients write it: units, an activation name, and alpha for leaky_relu. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerDefinition(
        @Schema(example = "4") @NotNull(message = "units is required") @Positive(message = "units must be a positive integer") Integer units,
        @Schema(example = "tanh", description = "linear (alias none), sigmoid, tanh, relu, leaky_relu, softmax (output layer only)")
        @NotBlank(message = "activation is required") String activation,
        @Schema(description = "leaky_relu slope for negative inputs; default 0.01") @Finite Double alpha) {
}
