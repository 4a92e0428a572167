package io.backprop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.backprop.BackpropApplication;
import io.backprop.support.ApiClient;
import io.backprop.support.PostgresTest;
import io.backprop.support.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one PostgreSQL share 20 queued jobs: each job runs exactly once (its epochs are
 * recorded once each, 1..N), every model's versions are contiguous, and both instances did work.
 */
@PostgresTest
class MultiInstanceTest {

    private static final int MODELS = 4;
    private static final int JOBS_PER_MODEL = 5;
    private static final int EPOCHS = 40;

    @Test
    void shouldRunEveryJobExactlyOnceAcrossTwoInstances() {
        try (ConfigurableApplicationContext a = start(); ConfigurableApplicationContext b = start()) {
            ApiClient first = client(a);
            ApiClient second = client(b);
            String datasetId = first.postJson("/datasets", """
                    {"name": "xor", "features": [[0,0],[0,1],[1,0],[1,1]], "targets": [[0],[1],[1],[0]]}""").id();
            Map<String, String> modelOfJob = new HashMap<>();
            List<String> jobIds = new ArrayList<>();
            for (int m = 0; m < MODELS; m++) {
                String modelId = first.postJson("/models", """
                        {"name": "xor", "inputSize": 2, "layers": [{"units": 4, "activation": "tanh"},
                         {"units": 1, "activation": "sigmoid"}], "loss": "binary_cross_entropy", "seed": %d}""".formatted(m)).id();
                for (int j = 0; j < JOBS_PER_MODEL; j++) {
                    ApiClient api = (m * JOBS_PER_MODEL + j) % 2 == 0 ? first : second;
                    String jobId = api.postJson("/jobs", """
                            {"modelId": "%s", "datasetId": "%s", "epochs": %d, "learningRate": 0.3, "seed": %d}"""
                            .formatted(modelId, datasetId, EPOCHS, j)).id();
                    jobIds.add(jobId);
                    modelOfJob.put(jobId, modelId);
                }
            }

            Map<String, List<Integer>> versionsOfModel = new HashMap<>();
            for (String jobId : jobIds) {
                JsonNode job = first.awaitJob(jobId, Duration.ofSeconds(120));
                assertThat(job.get("status").asString()).as("job %s", jobId).isEqualTo("SUCCEEDED");
                JsonNode epochs = second.get("/jobs/" + jobId + "/epochs").json();
                assertThat(epochs.size()).as("epoch rows of job %s", jobId).isEqualTo(EPOCHS);
                for (int e = 0; e < EPOCHS; e++) {
                    assertThat(epochs.get(e).get("epoch").asInt()).isEqualTo(e + 1);
                }
                versionsOfModel.computeIfAbsent(modelOfJob.get(jobId), k -> new ArrayList<>()).add(job.get("modelVersion").asInt());
            }
            versionsOfModel.forEach((modelId, versions) -> {
                assertThat(versions).as("versions of model %s", modelId).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
                assertThat(first.get("/models/" + modelId).json().get("version").asInt()).isEqualTo(JOBS_PER_MODEL);
            });
            double byA = finished(a);
            double byB = finished(b);
            assertThat(byA + byB).isEqualTo(MODELS * JOBS_PER_MODEL);
            assertThat(byA).as("jobs finished by instance A").isPositive();
            assertThat(byB).as("jobs finished by instance B").isPositive();
        }
    }

    private static double finished(ConfigurableApplicationContext context) {
        var counter = context.getBean(MeterRegistry.class).find("backprop.jobs.finished").tag("outcome", "COMPLETED").counter();
        return counter == null ? 0 : counter.count();
    }

    private static ConfigurableApplicationContext start() {
        TestPostgres.Connection db = TestPostgres.connection().orElseThrow();
        return new SpringApplicationBuilder(BackpropApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(), "--backprop.training.poll-interval=50ms");
    }

    private static ApiClient client(ConfigurableApplicationContext context) {
        return ApiClient.onPort(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
