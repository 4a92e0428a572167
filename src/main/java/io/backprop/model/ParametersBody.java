package io.backprop.model;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * A parameter version in API form: per layer {@code weights[j][i]}, the weight from input i to unit j,
 * and {@code biases[j]}. {@code version} is ignored on PUT (the server numbers versions).
 */
public record ParametersBody(Integer version,
        @NotEmpty(message = "layers is required") List<@NotNull(message = "a layer is required") @Valid LayerParameters> layers) {

    public record LayerParameters(@NotNull(message = "weights is required") float[][] weights,
                                  @NotNull(message = "biases is required") float[] biases) {
    }
}
