package io.backprop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.backprop.BackpropApplication;
import io.backprop.support.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * What is stored survives a restart of the service: trained parameters still predict the same, and a
 * job a crash left RUNNING is taken over and finished. On an H2 file ({@link H2RestartTest}) and on
 * PostgreSQL ({@link PostgresRestartTest}).
 */
abstract class RestartContract {

    /** The command-line arguments that point the service at the database under test. */
    abstract List<String> databaseArguments();

    @Test
    void shouldPredictTheSameAfterARestartAndFinishJobsInterruptedByIt() {
        String modelId;
        String jobId;
        JsonNode before;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = client(first);
            modelId = api.postJson("/models", """
                    {"name": "xor", "inputSize": 2,
                     "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                     "loss": "binary_cross_entropy", "seed": 42}""").id();
            String datasetId = api.postJson("/datasets", """
                    {"name": "xor", "features": [[0,0],[0,1],[1,0],[1,1]], "targets": [[0],[1],[1],[0]]}""").id();
            jobId = api.postJson("/jobs", """
                    {"modelId": "%s", "datasetId": "%s", "epochs": 300, "learningRate": 0.5, "seed": 1}"""
                    .formatted(modelId, datasetId)).id();
            assertThat(api.awaitJob(jobId, Duration.ofSeconds(60)).get("status").asString()).isEqualTo("SUCCEEDED");
            before = api.get("/predict?model=" + modelId + "&input=0,1").json();

            // As if the process had died mid-training, before any checkpoint: the row says RUNNING, its
            // lease has lapsed, and nothing trains it.
            first.getBean(JdbcClient.class).sql("""
                    update jobs set status = 'RUNNING', model_version = null, claimed_by = 'dead/0', heartbeat_at = null
                    where id = ?""").param(jobId).update();
        }

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = client(second);
            JsonNode after = api.get("/predict?model=" + modelId + "&input=0,1&version=1").json();
            assertThat(after.get("version").asInt()).isEqualTo(1);
            assertThat(after.get("output")).isEqualTo(before.get("output"));

            JsonNode resumed = api.awaitJob(jobId, Duration.ofSeconds(60));
            assertThat(resumed.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(resumed.get("modelVersion").asInt()).isEqualTo(2);
            JsonNode epochs = api.get("/jobs/" + jobId + "/epochs").json();
            assertThat(epochs.size()).isEqualTo(300);
            assertThat(epochs.get(299).get("epoch").asInt()).isEqualTo(300);
            // trained again from the same seeds: the same parameters as the first time
            JsonNode again = api.get("/predict?model=" + modelId + "&input=0,1").json();
            assertThat(again.get("version").asInt()).isEqualTo(2);
            assertThat(again.get("output")).isEqualTo(before.get("output"));
        }
    }

    private ConfigurableApplicationContext start() {
        List<String> arguments = new ArrayList<>(databaseArguments());
        arguments.add("--server.port=0");
        return new SpringApplicationBuilder(BackpropApplication.class).run(arguments.toArray(String[]::new));
    }

    private static ApiClient client(ConfigurableApplicationContext context) {
        return ApiClient.onPort(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
