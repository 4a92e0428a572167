package io.backprop.prediction;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Predictions", description = "outputs of stored models")
class PredictionController {

    private final PredictionService predictions;

    PredictionController(PredictionService predictions) {
        this.predictions = predictions;
    }

    @GetMapping("/predict")
    @Operation(summary = "Predict one sample (404 unknown model, 409 untrained, 400 bad input)")
    PredictionResponses.Single predictOne(@RequestParam String model,
                                          @Parameter(example = "0,1") @RequestParam String input,
                                          @RequestParam(required = false) @Min(value = 1, message = "version must be 1 or more") Integer version) {
        return predictions.predictOne(model, version, input);
    }

    @PostMapping("/predict")
    @Operation(summary = "Predict several samples", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(examples = @ExampleObject(value = """
                    {"model": "…", "inputs": [[0, 1], [1, 1]]}"""))))
    PredictionResponses.Batch predictMany(@Valid @RequestBody PredictRequest request) {
        return predictions.predictMany(request);
    }
}
