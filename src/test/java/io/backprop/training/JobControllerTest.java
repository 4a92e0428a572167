package io.backprop.training;

import static io.backprop.web.ProblemExpectations.expectProblem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.backprop.web.ApiException;
import io.backprop.web.WebSliceConfiguration;

@WebMvcTest(JobController.class)
@Import(WebSliceConfiguration.class)
class JobControllerTest {

    private static final String JOB = """
            {"modelId": "m-1", "datasetId": "d-1", "epochs": 100, "learningRate": 0.1, "batchSize": 32,
             "optimizer": "sgd", "momentum": 0.9, "nesterov": false, "l2": 0.0001,
             "schedule": {"type": "step", "factor": 0.5, "every": 10},
             "validationSplit": 0.1, "earlyStopping": {"patience": 5, "minDelta": 0.0},
             "shuffle": true, "seed": 7, "warmStart": false}""";

    private static final String MINIMAL = """
            {"modelId": "m-1", "datasetId": "d-1", "epochs": 100, "learningRate": 0.1}""";

    private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05Z");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private JobService jobs;

    @Test
    void shouldReturn202WithLocationWhenJobIsSubmitted() throws Exception {
        given(jobs.submit(any())).willReturn(job("j-1", JobStatus.QUEUED));

        mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content(JOB))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/jobs/j-1"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.id").value("j-1"))
                .andExpect(jsonPath("$.modelId").value("m-1"))
                .andExpect(jsonPath("$.datasetId").value("d-1"))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.epochs").value(100))
                .andExpect(jsonPath("$.epochsCompleted").value(0))
                .andExpect(jsonPath("$.modelVersion").value(nullValue()))
                .andExpect(jsonPath("$.createdAt").value("2025-01-02T03:04:05Z"))
                .andExpect(jsonPath("$.request.learningRate").value(0.1))
                .andExpect(jsonPath("$.request.optimizer").value("sgd"))
                // the recorded request leaves out options that were not given
                .andExpect(jsonPath("$.request.momentum").doesNotExist());
    }

    @Test
    void shouldPassEveryOptionToTheService() throws Exception {
        given(jobs.submit(any())).willReturn(job("j-1", JobStatus.QUEUED));

        mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content(JOB))
                .andExpect(status().isAccepted());

        verify(jobs).submit(new CreateJobRequest("m-1", "d-1", 100, 0.1, 32, "sgd", 0.9, false, null, null, null, null, 0.0001,
                new CreateJobRequest.Schedule("step", 0.5, 10, null, null), 0.1,
                new CreateJobRequest.EarlyStopping(5, 0.0), true, 7L, false));
    }

    @Test
    void shouldListBothMissingEpochsAndLearningRate() throws Exception {
        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"modelId\": \"m-1\", \"datasetId\": \"d-1\"}")),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[0].field").value("epochs"))
                .andExpect(jsonPath("$.errors[0].message").value("epochs is required"))
                .andExpect(jsonPath("$.errors[1].field").value("learningRate"))
                .andExpect(jsonPath("$.errors[1].message").value("learningRate is required"));
        verify(jobs, never()).submit(any());
    }

    @Test
    void shouldListEveryMissingRequiredField() throws Exception {
        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content("{}")),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors", hasSize(4)))
                .andExpect(jsonPath("$.errors[*].field").value(contains(
                        "datasetId", "epochs", "learningRate", "modelId")));
    }

    @Test
    void shouldRefuseFractionalEpochs() throws Exception {
        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content(MINIMAL.replace("\"epochs\": 100", "\"epochs\": 2.5"))),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors[0].field").value("epochs"))
                .andExpect(jsonPath("$.errors[0].message", containsString("integer")));
        verify(jobs, never()).submit(any());
    }

    @Test
    void shouldRefuseMomentumOfOne() throws Exception {
        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content(JOB.replace("\"momentum\": 0.9", "\"momentum\": 1.0"))),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value("momentum"))
                .andExpect(jsonPath("$.errors[0].message").value("momentum must be in [0, 1)"));
    }

    @Test
    void shouldRefuseALearningRateOfZero() throws Exception {
        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content(MINIMAL.replace("\"learningRate\": 0.1", "\"learningRate\": 0"))),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value("learningRate"))
                .andExpect(jsonPath("$.errors[0].message").value("learningRate must be > 0"));
    }

    @Test
    void shouldRefuseAnInfiniteLearningRate() throws Exception {
        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content(MINIMAL.replace("\"learningRate\": 0.1", "\"learningRate\": 1e999"))),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors[0].field").value("learningRate"))
                .andExpect(jsonPath("$.errors[0].message", containsString("finite")));
        verify(jobs, never()).submit(any());
    }

    @Test
    void shouldRefuseALearningRateBeyondFloatRange() throws Exception {
        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content(MINIMAL.replace("\"learningRate\": 0.1", "\"learningRate\": 1e300"))),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors[0].field").value("learningRate"))
                .andExpect(jsonPath("$.errors[0].message", containsString("finite")));
    }

    @Test
    void shouldRefuseOutOfRangeNestedOptionsWithTheirPaths() throws Exception {
        String body = JOB.replace("\"every\": 10", "\"every\": 0").replace("\"patience\": 5", "\"patience\": 0");

        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[0].field").value("earlyStopping.patience"))
                .andExpect(jsonPath("$.errors[1].field").value("schedule.every"));
    }

    @Test
    void shouldRefuseAnUnknownOptionNamingIt() throws Exception {
        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content(MINIMAL.replace("\"epochs\"", "\"epoch\""))),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors[0].field").value("epoch"))
                .andExpect(jsonPath("$.errors[0].message", containsString("epochs")));
    }

    @Test
    void shouldRenderTheServicesRefusal() throws Exception {
        given(jobs.submit(any())).willThrow(ApiException.invalid("datasetId",
                "the dataset has 3 features but the model's inputSize is 2"));

        expectProblem(mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON).content(MINIMAL)),
                400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors[0].field").value("datasetId"))
                .andExpect(jsonPath("$.detail").value("datasetId: the dataset has 3 features but the model's inputSize is 2"));
    }

    @Test
    void shouldReturnAJob() throws Exception {
        given(jobs.get("j-1")).willReturn(job("j-1", JobStatus.RUNNING));

        mvc.perform(get("/jobs/j-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("j-1"))
                .andExpect(jsonPath("$.status").value("RUNNING"));
    }

    @Test
    void shouldReturn404ForUnknownJob() throws Exception {
        given(jobs.get("nope")).willThrow(JobNotFoundException.forId("nope"));

        expectProblem(mvc.perform(get("/jobs/nope")), 404, "Job not found", "/jobs/nope")
                .andExpect(jsonPath("$.type").value("urn:backprop:problem:job-not-found"))
                .andExpect(jsonPath("$.detail").value("no job with id 'nope'"));
    }

    @Test
    void shouldReturn202WhenJobIsCancelled() throws Exception {
        given(jobs.cancel("j-1")).willReturn(job("j-1", JobStatus.CANCELLED));

        mvc.perform(post("/jobs/j-1/cancel"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").value("j-1"))
                .andExpect(jsonPath("$.status").value("CANCELLED"));
    }

    @Test
    void shouldReturn404WhenCancellingAnUnknownJob() throws Exception {
        given(jobs.cancel("nope")).willThrow(JobNotFoundException.forId("nope"));

        expectProblem(mvc.perform(post("/jobs/nope/cancel")), 404, "Job not found", "/jobs/nope/cancel");
    }

    @Test
    void shouldReturnEpochsAsAnArray() throws Exception {
        given(jobs.epochs("j-1")).willReturn(List.of(
                new EpochResponse(1, 0.7, 0.75, 0.5, null, 0.1, 12),
                new EpochResponse(2, 0.6, 0.65, 0.75, null, 0.1, 11)));

        mvc.perform(get("/jobs/j-1/epochs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(2)))
                .andExpect(jsonPath("$[0].epoch").value(1))
                .andExpect(jsonPath("$[0].cost").value(0.7))
                .andExpect(jsonPath("$[0].validationCost").value(0.75))
                .andExpect(jsonPath("$[0].accuracy").value(0.5))
                .andExpect(jsonPath("$[0].learningRate").value(0.1))
                .andExpect(jsonPath("$[0].millis").value(12))
                .andExpect(jsonPath("$[1].epoch").value(2));
    }

    @Test
    void shouldReturnAnEmptyArrayBeforeTheFirstEpoch() throws Exception {
        given(jobs.epochs("j-1")).willReturn(List.of());

        mvc.perform(get("/jobs/j-1/epochs"))
                .andExpect(status().isOk())
                .andExpect(content().json("[]"));
    }

    @Test
    void shouldListJobsFilteredByStatusAndModel() throws Exception {
        given(jobs.list(JobStatus.RUNNING, "m-1", 100, 0)).willReturn(List.of(job("j-2", JobStatus.RUNNING)));

        mvc.perform(get("/jobs").param("status", "RUNNING").param("modelId", "m-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].id").value("j-2"));
    }

    @Test
    void shouldRefuseAnUnknownStatus() throws Exception {
        expectProblem(mvc.perform(get("/jobs").param("status", "BOGUS")), 400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors[0].field").value("status"))
                .andExpect(jsonPath("$.errors[0].message", containsString("BOGUS")));
        verify(jobs, never()).list(any(), any(), anyInt(), anyInt());
    }

    @Test
    void shouldRefuseALimitOfZero() throws Exception {
        expectProblem(mvc.perform(get("/jobs").param("limit", "0")), 400, "Invalid request", "/jobs")
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
        verify(jobs, never()).list(any(), any(), anyInt(), anyInt());
    }

    @Test
    void shouldHideTheCauseOfAnUnexpectedFailure() throws Exception {
        given(jobs.epochs(eq("j-1"))).willThrow(new RuntimeException("boom"));

        expectProblem(mvc.perform(get("/jobs/j-1/epochs")), 500, "Internal error", "/jobs/j-1/epochs")
                .andExpect(jsonPath("$.detail", not(containsString("boom"))))
                .andExpect(content().string(not(containsString("boom"))))
                .andExpect(content().string(not(containsString("at io.backprop"))))
                .andExpect(content().string(not(containsString("Exception"))));
    }

    private static JobResponse job(String id, JobStatus status) {
        CreateJobRequest request = new CreateJobRequest("m-1", "d-1", 100, 0.1, 0, "sgd", null, null, null, null, null,
                null, null, null, null, null, true, 7L, null);
        return new JobResponse(id, "m-1", "d-1", status, 100, 0, null, null, null, null, null, null, null,
                CREATED, null, null, request);
    }
}
