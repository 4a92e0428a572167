package io.backprop.model;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/models")
@Tag(name = "Models", description = "network definitions and their parameter versions")
class ModelController {

    private final ModelService models;

    ModelController(ModelService models) {
        this.models = models;
    }

    @PostMapping
    @Operation(summary = "Define a network", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(examples = @ExampleObject(value = """
                    {"name": "xor", "inputSize": 2,
                     "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                     "loss": "binary_cross_entropy", "initializer": "xavier", "seed": 42}"""))))
    ResponseEntity<ModelResponse> create(@Valid @RequestBody CreateModelRequest request) {
        ModelResponse model = models.create(request);
        return ResponseEntity.created(URI.create("/models/" + model.id())).body(model);
    }

    @GetMapping
    @Operation(summary = "List models, newest first")
    List<ModelResponse> list(@RequestParam(defaultValue = "100") @Min(value = 1, message = "limit must be 1 to 1000")
                             @Max(value = 1000, message = "limit must be 1 to 1000") int limit,
                             @RequestParam(defaultValue = "0") @Min(value = 0, message = "offset must be 0 or more") int offset) {
        return models.list(limit, offset);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a model")
    ModelResponse get(@PathVariable String id) {
        return models.get(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a model and all its versions (409 while a job of it is queued or running)")
    ResponseEntity<Void> delete(@PathVariable String id) {
        models.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/parameters")
    @Operation(summary = "Export a parameter version (latest by default); weights[j][i] is from input i to unit j")
    ParametersBody parameters(@PathVariable String id,
                              @RequestParam(required = false) @Min(value = 1, message = "version must be 1 or more") Integer version) {
        return models.parameters(id, version);
    }

    @PutMapping("/{id}/parameters")
    @Operation(summary = "Import parameters as the model's next version", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(examples = @ExampleObject(value = """
                    {"layers": [{"weights": [[0.5, -0.5]], "biases": [0.1]}]}"""))))
    ModelResponse importParameters(@PathVariable String id, @Valid @RequestBody ParametersBody body) {
        return models.importParameters(id, body);
    }
}
