package io.backprop.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stored model as GET /models/{id} shows it; {@code version} 0 means no trained parameters yet.
 * {@code versions} (newest first, with their provenance) is shown for one model, not in lists.
 */
public record ModelResponse(
        String id,
        String name,
        int inputSize,
        List<LayerDefinition> layers,
        String loss,
        String initializer,
        long seed,
        long parameterCount,
        int version,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<VersionResponse> versions) {

    static ModelResponse of(Model model, List<VersionResponse> versions) {
        List<LayerDefinition> layers = model.getLayers().stream()
                .map(l -> new LayerDefinition(l.getUnits(), l.getActivation(),
                        "leaky_relu".equals(l.getActivation()) ? (double) l.getAlpha() : null))
                .toList();
        return new ModelResponse(model.getId(), model.getName(), model.getInputSize(), layers, model.getLoss(),
                model.getInitializer(), model.getSeed(), model.getParameterCount(), model.getVersion(),
                model.getCreatedAt(), model.getUpdatedAt(), versions);
    }
}
