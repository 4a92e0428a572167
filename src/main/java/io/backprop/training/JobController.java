package io.backprop.training;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/jobs")
@Tag(name = "Jobs", description = "asynchronous training")
class JobController {

    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping
    @Operation(summary = "Queue a training job (202); poll GET /jobs/{id}",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value = """
                    {"modelId": "…", "datasetId": "…", "epochs": 100, "learningRate": 0.1, "batchSize": 32,
                     "optimizer": "sgd", "shuffle": true, "seed": 7}"""))))
    ResponseEntity<JobResponse> submit(@Valid @RequestBody CreateJobRequest request) {
        JobResponse job = jobs.submit(request);
        return ResponseEntity.accepted().location(URI.create("/jobs/" + job.id())).body(job);
    }

    @GetMapping
    @Operation(summary = "List jobs, newest first, optionally by status and model")
    List<JobResponse> list(@RequestParam(required = false) JobStatus status,
                           @RequestParam(required = false) String modelId,
                           @RequestParam(defaultValue = "100") @Min(value = 1, message = "limit must be 1 to 1000")
                           @Max(value = 1000, message = "limit must be 1 to 1000") int limit,
                           @RequestParam(defaultValue = "0") @Min(value = 0, message = "offset must be 0 or more") int offset) {
        return jobs.list(status, modelId, limit, offset);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job and its progress")
    JobResponse get(@PathVariable String id) {
        return jobs.get(id);
    }

    @GetMapping("/{id}/epochs")
    @Operation(summary = "The cost (and accuracy) of every finished epoch")
    List<EpochResponse> epochs(@PathVariable String id) {
        return jobs.epochs(id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job (202): a queued job at once, a running one at its next mini-batch")
    ResponseEntity<JobResponse> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(jobs.cancel(id));
    }
}
