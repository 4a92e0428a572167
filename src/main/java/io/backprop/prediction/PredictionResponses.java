package io.backprop.prediction;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Prediction answers; {@code label(s)} only for classifiers. */
final class PredictionResponses {

    private PredictionResponses() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Single(String model, int version, float[] output, Object label) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Batch(String model, int version, List<float[]> outputs, List<Object> labels) {
    }
}
