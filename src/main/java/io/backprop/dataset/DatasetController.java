package io.backprop.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.bind.annotation.RestController;

import io.backprop.web.ApiException;
import io.backprop.web.FieldProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/datasets")
@Tag(name = "Datasets", description = "training data, stored as float32 chunks")
class DatasetController {

    private final DatasetService datasets;

    DatasetController(DatasetService datasets) {
        this.datasets = datasets;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Upload a dataset as JSON (targets, or integer labels stored one-hot)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, examples = {
                    @ExampleObject(name = "targets", value = """
                            {"name": "xor", "features": [[0,0],[0,1],[1,0],[1,1]], "targets": [[0],[1],[1],[0]]}"""),
                    @ExampleObject(name = "labels", value = """
                            {"name": "xor-classes", "features": [[0,0],[0,1],[1,0],[1,1]], "labels": [0,1,1,0], "classCount": 2}""")})))
    ResponseEntity<DatasetResponse> createFromJson(HttpServletRequest request) throws IOException {
        try (InputStream body = request.getInputStream()) {
            return created(datasets.createFromJson(body));
        }
    }

    @PostMapping(consumes = "text/csv")
    @Operation(summary = "Upload a CSV with a header row; target names the target column(s), comma-separated",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "text/csv",
                    examples = @ExampleObject(value = "x,y\n0,2\n1,5\n2,8\n"))))
    ResponseEntity<DatasetResponse> createFromCsv(@RequestParam(required = false) String name,
                                                  @RequestParam(required = false) String target,
                                                  HttpServletRequest request) throws IOException {
        try (InputStream body = request.getInputStream()) {
            return created(datasets.createFromCsv(name, target, body));
        }
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload IDX files (MNIST / Fashion-MNIST, gzipped or not) as parts images and labels; pixels scaled to [0,1]")
    ResponseEntity<DatasetResponse> createFromIdx(@RequestParam(required = false) String name,
                                                  @RequestPart(required = false) MultipartFile images,
                                                  @RequestPart(required = false) MultipartFile labels) throws IOException {
        if (images == null || labels == null) {
            List<FieldProblem> missing = new java.util.ArrayList<>();
            if (images == null) {
                missing.add(new FieldProblem("images", "is required: the IDX images file (e.g. train-images-idx3-ubyte.gz)"));
            }
            if (labels == null) {
                missing.add(new FieldProblem("labels", "is required: the IDX labels file (e.g. train-labels-idx1-ubyte.gz)"));
            }
            throw ApiException.invalid(missing);
        }
        try (InputStream imageStream = images.getInputStream(); InputStream labelStream = labels.getInputStream()) {
            return created(datasets.createFromIdx(name, imageStream, labelStream));
        }
    }

    @GetMapping
    @Operation(summary = "List datasets, newest first")
    List<DatasetResponse> list(@RequestParam(defaultValue = "100") @Min(value = 1, message = "limit must be 1 to 1000")
                               @Max(value = 1000, message = "limit must be 1 to 1000") int limit,
                               @RequestParam(defaultValue = "0") @Min(value = 0, message = "offset must be 0 or more") int offset) {
        return datasets.list(limit, offset);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a dataset's metadata")
    DatasetResponse get(@PathVariable String id) {
        return datasets.get(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a dataset (409 while a job trains on it)")
    ResponseEntity<Void> delete(@PathVariable String id) {
        datasets.delete(id);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<DatasetResponse> created(DatasetResponse dataset) {
        return ResponseEntity.created(URI.create("/datasets/" + dataset.id())).body(dataset);
    }
}
