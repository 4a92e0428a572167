package io.backprop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.backprop.support.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * The whole service over real HTTP: define, upload, train asynchronously, follow the epochs,
 * predict — the seeds' first two examples, a line and XOR. Run on H2 ({@link H2TrainingFlowTest})
 * and on PostgreSQL ({@link PostgresTrainingFlowTest}).
 */
abstract class TrainingFlowContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void connect() {
        api = ApiClient.onPort(port);
    }

    @Test
    void shouldTrainXorAndServeItsPredictions() {
        ApiClient.Response model = api.postJson("/models", """
                {"name": "xor", "inputSize": 2,
                 "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                 "loss": "binary_cross_entropy", "initializer": "xavier", "seed": 42}""");
        assertThat(model.status()).isEqualTo(201);
        assertThat(model.location()).isEqualTo("/models/" + model.id());
        assertThat(model.json().get("parameterCount").asInt()).isEqualTo(17);
        assertThat(model.json().get("version").asInt()).isZero();

        ApiClient.Response dataset = api.postJson("/datasets", """
                {"name": "xor", "features": [[0,0],[0,1],[1,0],[1,1]], "targets": [[0],[1],[1],[0]]}""");
        assertThat(dataset.status()).isEqualTo(201);
        assertThat(dataset.json().get("rows").asInt()).isEqualTo(4);

        ApiClient.Response untrained = api.get("/predict?model=" + model.id() + "&input=0,1");
        assertThat(untrained.status()).isEqualTo(409);
        assertThat(untrained.contentType()).startsWith("application/problem+json");

        ApiClient.Response job = api.postJson("/jobs", """
                {"modelId": "%s", "datasetId": "%s", "epochs": 1500, "learningRate": 0.5, "seed": 7}"""
                .formatted(model.id(), dataset.id()));
        assertThat(job.status()).isEqualTo(202);
        assertThat(job.location()).isEqualTo("/jobs/" + job.id());
        assertThat(job.json().get("request").get("seed").asLong()).isEqualTo(7);

        JsonNode done = api.awaitJob(job.id(), TIMEOUT);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("epochsCompleted").asInt()).isEqualTo(1500);
        assertThat(done.get("modelVersion").asInt()).isEqualTo(1);
        assertThat(done.get("accuracy").asDouble()).isEqualTo(1.0);

        JsonNode epochs = api.get("/jobs/" + job.id() + "/epochs").json();
        assertThat(epochs.size()).isEqualTo(1500);
        assertThat(epochs.get(0).get("epoch").asInt()).isEqualTo(1);
        assertThat(epochs.get(1499).get("cost").asDouble()).isLessThan(epochs.get(0).get("cost").asDouble() / 10);
        assertThat(epochs.get(1499).get("cost").asDouble()).isEqualTo(done.get("cost").asDouble());

        assertThat(api.get("/models/" + model.id()).json().get("version").asInt()).isEqualTo(1);
        int[][] cases = {{0, 0, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
        for (int[] c : cases) {
            JsonNode prediction = api.get("/predict?model=" + model.id() + "&input=" + c[0] + "," + c[1]).json();
            assertThat(prediction.get("version").asInt()).isEqualTo(1);
            assertThat(prediction.get("label").asInt()).as("xor(%d, %d)", c[0], c[1]).isEqualTo(c[2]);
        }
        JsonNode batch = api.postJson("/predict", """
                {"model": "%s", "inputs": [[0,0],[0,1],[1,0],[1,1]]}""".formatted(model.id())).json();
        assertThat(batch.get("labels").toString()).isEqualTo("[0,1,1,0]");
    }

    @Test
    void shouldLearnALineFromCsvWithStochasticGradientDescent() {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i <= 20; i++) {
            double x = -1 + i * 0.1;
            csv.append(x).append(',').append(3 * x + 2).append('\n');
        }
        String datasetId = api.post("/datasets?name=line&target=y", "text/csv", csv.toString()).id();
        String modelId = api.postJson("/models", """
                {"name": "line", "inputSize": 1, "layers": [{"units": 1, "activation": "linear"}], "loss": "mse", "seed": 1}""").id();
        String jobId = api.postJson("/jobs", """
                {"modelId": "%s", "datasetId": "%s", "epochs": 200, "learningRate": 0.05, "batchSize": 1, "seed": 3}"""
                .formatted(modelId, datasetId)).id();
        assertThat(api.awaitJob(jobId, TIMEOUT).get("status").asString()).isEqualTo("SUCCEEDED");

        JsonNode layer = api.get("/models/" + modelId + "/parameters").json().get("layers").get(0);
        assertThat(layer.get("weights").get(0).get(0).asDouble()).isCloseTo(3.0, within(0.03));
        assertThat(layer.get("biases").get(0).asDouble()).isCloseTo(2.0, within(0.02));
        assertThat(api.get("/predict?model=" + modelId + "&input=10").json().get("output").get(0).asDouble())
                .isCloseTo(32.0, within(0.32));
    }

    @Test
    void shouldCancelARunningJobAndRefuseToDeleteItsModelMeanwhile() {
        String modelId = api.postJson("/models", """
                {"name": "slow", "inputSize": 2, "layers": [{"units": 8, "activation": "relu"}, {"units": 1, "activation": "linear"}],
                 "loss": "mse", "seed": 1}""").id();
        String datasetId = api.postJson("/datasets", """
                {"name": "tiny", "features": [[0,0],[0,1],[1,0],[1,1]], "targets": [[0],[1],[1],[2]]}""").id();
        String jobId = api.postJson("/jobs", """
                {"modelId": "%s", "datasetId": "%s", "epochs": 100000, "learningRate": 0.001}""".formatted(modelId, datasetId)).id();

        assertThat(api.delete("/models/" + modelId).status()).isEqualTo(409);
        assertThat(api.delete("/datasets/" + datasetId).status()).isEqualTo(409);
        api.awaitEpochs(jobId, 1, Duration.ofSeconds(30));
        assertThat(api.post("/jobs/" + jobId + "/cancel", "application/json", "").status()).isEqualTo(202);

        JsonNode job = api.awaitJob(jobId, TIMEOUT);
        assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(job.get("epochsCompleted").asInt()).isLessThan(100000);
        assertThat(job.get("modelVersion").asInt()).as("the best epoch so far is kept").isEqualTo(1);
        assertThat(api.post("/jobs/" + jobId + "/cancel", "application/json", "").status()).isEqualTo(409);
        assertThat(api.get("/jobs?status=CANCELLED&modelId=" + modelId).json().size()).isEqualTo(1);

        assertThat(api.delete("/models/" + modelId).status()).isEqualTo(204);
        assertThat(api.get("/models/" + modelId).status()).isEqualTo(404);
        assertThat(api.delete("/datasets/" + datasetId).status()).isEqualTo(204);
    }

    @Test
    void shouldFailAJobWhoseCostDivergesAndNameTheEpoch() {
        String modelId = api.postJson("/models", """
                {"name": "unstable", "inputSize": 1, "layers": [{"units": 1, "activation": "linear"}], "loss": "mse", "seed": 1}""").id();
        String datasetId = api.postJson("/datasets", """
                {"name": "big", "features": [[1000],[2000],[3000]], "targets": [[1],[2],[3]]}""").id();
        String jobId = api.postJson("/jobs", """
                {"modelId": "%s", "datasetId": "%s", "epochs": 500, "learningRate": 10}""".formatted(modelId, datasetId)).id();

        JsonNode job = api.awaitJob(jobId, TIMEOUT);
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").asString()).contains("epoch").contains("smaller learning rate");
        assertThat(api.get("/models/" + modelId).json().get("version").asInt()).isZero();
    }

    @Test
    void shouldRefuseAJobWhoseDatasetDoesNotFitTheModel() {
        String modelId = api.postJson("/models", """
                {"name": "m", "inputSize": 3, "layers": [{"units": 1, "activation": "sigmoid"}], "loss": "binary_cross_entropy"}""").id();
        String datasetId = api.postJson("/datasets", """
                {"name": "d", "features": [[0,0],[1,1]], "labels": [0, 1]}""").id();
        ApiClient.Response refused = api.postJson("/jobs", """
                {"modelId": "%s", "datasetId": "%s", "epochs": 1, "learningRate": 0.1}""".formatted(modelId, datasetId));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("datasetId");
        assertThat(refused.json().get("detail").asString()).contains("2 features").contains("3 inputs");
    }

    @Test
    void shouldStoreImportedParametersAsANewVersionAndPredictWithThem() {
        String modelId = api.postJson("/models", """
                {"name": "import", "inputSize": 2, "layers": [{"units": 1, "activation": "linear"}], "loss": "mse"}""").id();
        ApiClient.Response imported = api.post("/models/" + modelId + "/parameters", "application/json", "");
        assertThat(imported.status()).isEqualTo(405);
        ApiClient.Response put = put("/models/" + modelId + "/parameters", """
                {"layers": [{"weights": [[2, -1]], "biases": [0.5]}]}""");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("version").asInt()).isEqualTo(1);
        assertThat(api.get("/predict?model=" + modelId + "&input=3,4").json().get("output").get(0).asDouble()).isEqualTo(2.5);
        assertThat(api.get("/models/" + modelId + "/parameters?version=1").json().get("layers").get(0).get("weights").toString())
                .isEqualTo("[[2.0,-1.0]]");
        assertThat(api.get("/models/" + modelId + "/parameters?version=2").status()).isEqualTo(404);
        ApiClient.Response wrongShape = put("/models/" + modelId + "/parameters", """
                {"layers": [{"weights": [[2, -1, 3]], "biases": [0.5]}]}""");
        assertThat(wrongShape.status()).isEqualTo(400);
        assertThat(wrongShape.json().get("errors").get(0).get("field").asString()).isEqualTo("layers[0].weights[0]");
    }

    @Test
    void shouldDescribeEveryEndpointInOpenApiWithExamples() {
        ApiClient.Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        for (String path : new String[] {"/models", "/models/{id}", "/models/{id}/parameters", "/models/{id}/evaluate",
                "/datasets", "/datasets/{id}", "/jobs", "/jobs/{id}", "/jobs/{id}/epochs", "/jobs/{id}/cancel", "/predict"}) {
            assertThat(paths.has(path)).as("OpenAPI describes %s", path).isTrue();
        }
        assertThat(paths.get("/models").get("post").toString()).contains("binary_cross_entropy");
        assertThat(paths.get("/datasets").get("post").toString()).contains("text/csv").contains("multipart/form-data");
        assertThat(api.get("/swagger-ui.html").status()).isIn(200, 302);
    }

    @Test
    void shouldRefuseWhatExceedsTheConfiguredLimitsNamingThem() {
        ApiClient.Response huge = api.postJson("/models", """
                {"name": "huge", "inputSize": 100000, "layers": [{"units": 1000, "activation": "relu"},
                 {"units": 1, "activation": "linear"}], "loss": "mse"}""");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().get("detail").asString()).contains("backprop.limits.max-parameters");

        ApiClient.Response epochs = api.postJson("/jobs", """
                {"modelId": "m", "datasetId": "d", "epochs": 100001, "learningRate": 0.1}""");
        assertThat(epochs.status()).isEqualTo(400);
        assertThat(epochs.json().get("errors").get(0).get("field").asString()).isEqualTo("epochs");
        assertThat(epochs.json().get("detail").asString()).contains("backprop.limits.max-epochs");
    }

    @Test
    void shouldRefuseADatasetOverTheValueLimitAndStoreNothingOfIt() {
        // The subclasses set backprop.limits.max-dataset-values to 10,000.
        int before = api.get("/datasets?limit=1000").json().size();
        StringBuilder features = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int r = 0; r < 3000; r++) {
            features.append(r == 0 ? "" : ",").append("[1,2,3,4]");
            labels.append(r == 0 ? "" : ",").append(r % 2);
        }
        ApiClient.Response refused = api.postJson("/datasets",
                "{\"name\": \"big\", \"features\": [" + features + "], \"labels\": [" + labels + "]}");
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("backprop.limits.max-dataset-values");
        assertThat(api.get("/datasets?limit=1000").json().size()).as("a refused upload leaves nothing behind").isEqualTo(before);
    }

    private ApiClient.Response put(String path, String json) {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), null, null, response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
