package io.backprop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import io.backprop.dataset.DatasetService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.backprop.support.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * The training options of the contract over real HTTP: Adam with a validation split and early
 * stopping on named classes, warm start equal to an uninterrupted run, cancel keeping the best
 * epoch, evaluation, and IDX upload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:options;DB_CLOSE_DELAY=-1")
class TrainingOptionsFlowTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    ApiClient api;

    @Autowired
    DatasetService datasets;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void connect() {
        api = ApiClient.onPort(port);
    }

    @Test
    void shouldTrainNamedClassesWithAdamValidationAndEarlyStoppingAndPredictClassNames() {
        String datasetId = api.post("/datasets?name=blobs&target=colour", "text/csv", blobsCsv(150, 11)).id();
        JsonNode dataset = api.get("/datasets/" + datasetId).json();
        assertThat(dataset.get("classes").toString()).isEqualTo("[\"blue\",\"green\",\"red\"]");
        assertThat(dataset.get("contentHash").asString()).hasSize(64);

        String modelId = api.postJson("/models", """
                {"name": "blobs", "inputSize": 2,
                 "layers": [{"units": 8, "activation": "relu"}, {"units": 3, "activation": "softmax"}],
                 "loss": "cross_entropy", "seed": 5}""").id();
        String jobId = api.postJson("/jobs", """
                {"modelId": "%s", "datasetId": "%s", "epochs": 300, "learningRate": 0.05, "batchSize": 16,
                 "optimizer": "adam", "validationSplit": 0.2, "earlyStopping": {"patience": 5, "minDelta": 0.0001},
                 "seed": 3}""".formatted(modelId, datasetId)).id();

        JsonNode job = api.awaitJob(jobId, TIMEOUT);
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("epochsCompleted").asInt()).isLessThan(300);
        int best = job.get("bestEpoch").asInt();
        assertThat(best).isBetween(1, job.get("epochsCompleted").asInt() - 5);
        assertThat(job.get("validationAccuracy").asDouble()).isGreaterThanOrEqualTo(0.9);

        JsonNode epochs = api.get("/jobs/" + jobId + "/epochs").json();
        JsonNode bestEpoch = epochs.get(best - 1);
        assertThat(job.get("validationCost").asDouble()).isEqualTo(bestEpoch.get("validationCost").asDouble());
        for (JsonNode epoch : epochs) {
            // an epoch counts as better only when it improves on the best by more than minDelta
            assertThat(epoch.get("validationCost").asDouble())
                    .isGreaterThanOrEqualTo(bestEpoch.get("validationCost").asDouble() - 0.0001);
            assertThat(epoch.get("accuracy").isNumber()).isTrue();
        }

        JsonNode prediction = api.get("/predict?model=" + modelId + "&input=4,4").json();
        assertThat(prediction.get("label").asString()).isEqualTo("red");
        JsonNode model = api.get("/models/" + modelId).json();
        JsonNode version = model.get("versions").get(0);
        assertThat(version.get("jobId").asString()).isEqualTo(jobId);
        assertThat(version.get("datasetHash").asString()).isEqualTo(dataset.get("contentHash").asString());
        assertThat(version.get("bestEpoch").asInt()).isEqualTo(best);
        assertThat(version.get("options").get("optimizer").asString()).isEqualTo("adam");
        assertThat(version.get("options").get("seed").asLong()).isEqualTo(3);

        JsonNode evaluation = api.postJson("/models/" + modelId + "/evaluate", """
                {"datasetId": "%s"}""".formatted(datasetId)).json();
        assertThat(evaluation.get("rows").asInt()).isEqualTo(150);
        assertThat(evaluation.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        JsonNode confusion = evaluation.get("confusionMatrix");
        int total = 0;
        int diagonal = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                total += confusion.get(i).get(j).asInt();
                diagonal += i == j ? confusion.get(i).get(j).asInt() : 0;
            }
        }
        assertThat(total).isEqualTo(150);
        assertThat((double) diagonal / total).isCloseTo(evaluation.get("accuracy").asDouble(), within(1e-9));
    }

    @Test
    void shouldContinueAWarmStartExactlyAsAnUninterruptedRun() {
        String datasetId = api.post("/datasets?name=blobs&target=colour", "text/csv", blobsCsv(60, 2)).id();
        String model = """
                {"name": "warm", "inputSize": 2,
                 "layers": [{"units": 6, "activation": "tanh"}, {"units": 3, "activation": "softmax"}],
                 "loss": "cross_entropy", "seed": 9}""";
        String job = """
                {"modelId": "%s", "datasetId": "%s", "epochs": %d, "learningRate": 0.01, "optimizer": "adam",
                 "shuffle": false, "warmStart": %b}""";

        String interrupted = api.postJson("/models", model).id();
        assertThat(api.awaitJob(api.postJson("/jobs", job.formatted(interrupted, datasetId, 10, false)).id(), TIMEOUT)
                .get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode resumed = api.awaitJob(api.postJson("/jobs", job.formatted(interrupted, datasetId, 10, true)).id(), TIMEOUT);
        assertThat(resumed.get("modelVersion").asInt()).isEqualTo(2);

        String uninterrupted = api.postJson("/models", model).id();
        assertThat(api.awaitJob(api.postJson("/jobs", job.formatted(uninterrupted, datasetId, 20, false)).id(), TIMEOUT)
                .get("status").asString()).isEqualTo("SUCCEEDED");

        float[] a = flatParameters(api.get("/models/" + interrupted + "/parameters").json());
        float[] b = flatParameters(api.get("/models/" + uninterrupted + "/parameters").json());
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("parameter %d", i).isCloseTo(b[i], within(1e-5f));
        }

        ApiClient.Response refused = api.postJson("/jobs", job.formatted(api.postJson("/models", model).id(), datasetId, 1, true));
        assertThat(refused.status()).isEqualTo(409);
    }

    @Test
    void shouldKeepTheBestEpochSoFarWhenCancelled() {
        String datasetId = api.post("/datasets?name=blobs&target=colour", "text/csv", blobsCsv(300, 4)).id();
        String modelId = api.postJson("/models", """
                {"name": "long", "inputSize": 2, "layers": [{"units": 16, "activation": "relu"}, {"units": 3, "activation": "softmax"}],
                 "loss": "cross_entropy", "seed": 1}""").id();
        String jobId = api.postJson("/jobs", """
                {"modelId": "%s", "datasetId": "%s", "epochs": 100000, "learningRate": 0.01, "batchSize": 1,
                 "optimizer": "sgd", "momentum": 0.9, "nesterov": true}""".formatted(modelId, datasetId)).id();
        api.awaitEpochs(jobId, 3, Duration.ofSeconds(30));
        assertThat(api.post("/jobs/" + jobId + "/cancel", "application/json", "").status()).isEqualTo(202);

        JsonNode job = api.awaitJob(jobId, TIMEOUT);
        assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(job.get("modelVersion").asInt()).isEqualTo(1);
        int best = job.get("bestEpoch").asInt();
        JsonNode epochs = api.get("/jobs/" + jobId + "/epochs").json();
        double bestCost = epochs.get(best - 1).get("cost").asDouble();
        for (JsonNode epoch : epochs) {
            assertThat(epoch.get("cost").asDouble()).isGreaterThanOrEqualTo(bestCost);
        }
        assertThat(job.get("cost").asDouble()).isEqualTo(bestCost);
        assertThat(api.get("/predict?model=" + modelId + "&input=4,4").json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void shouldUploadIdxFilesGzippedOrNot() throws Exception {
        byte[] images = idxImages(5, 2, 3);
        byte[] labels = idxLabels(new int[] {0, 3, 1, 3, 2});
        JsonNode plain = multipart("idx", images, labels);
        assertThat(plain.get("rows").asInt()).isEqualTo(5);
        assertThat(plain.get("featureCount").asInt()).isEqualTo(6);
        assertThat(plain.get("targetCount").asInt()).isEqualTo(4);
        JsonNode gzipped = multipart("idx-gz", gzip(images), gzip(labels));
        assertThat(gzipped.get("contentHash").asString()).isEqualTo(plain.get("contentHash").asString());

        JsonNode wrong = multipart("swapped", labels, images);
        assertThat(wrong.get("status").asInt()).isEqualTo(400);
        assertThat(wrong.get("detail").asString()).contains("magic number");
    }

    /**
     * IDX pixels are stored a byte each, and read back as the very floats b / 255 that the upload made; so are a
     * CSV's scaled pixels, and a CSV's raw ones (0 to 255) as themselves, while a CSV whose values are not all
     * pixels (0.5, a negative zero) is stored as float32, and reads back exactly too.
     */
    @Test
    void shouldStorePixelsAsBytesAndReadBackTheSameFloats() throws Exception {
        int count = 5;
        int[] labels = {0, 3, 1, 3, 2};
        byte[] images = idxImages(count, 2, 3);
        JsonNode idx = multipart("pixels", images, idxLabels(labels));
        String idxId = idx.get("id").asString();
        assertThat(storedEncodings(idxId)).containsExactly("u8/255", "u8/255"); // features, and one-hot targets

        float[] x = datasets.load(idxId).features();
        StringBuilder scaled = new StringBuilder("p0,p1,p2,p3,p4,p5,label\n");
        for (int i = 0; i < count * 6; i++) {
            int pixel = images[16 + i] & 0xff;
            assertThat(Float.floatToRawIntBits(x[i])).as("pixel %d", i).isEqualTo(Float.floatToRawIntBits(pixel / 255f));
            scaled.append(pixel / 255f).append(i % 6 == 5 ? "," + labels[i / 6] + "\n" : ",");
        }
        JsonNode csv = api.post("/datasets?name=scaled&target=label", "text/csv", scaled.toString()).json();
        assertThat(storedEncodings(csv.get("id").asString())).first().isEqualTo("u8/255"); // the features
        assertThat(datasets.load(csv.get("id").asString()).features()).containsExactly(x);

        StringBuilder raw = new StringBuilder("p0,p1,p2,p3,p4,p5,label\n");
        for (int i = 0; i < count * 6; i++) {
            raw.append(images[16 + i] & 0xff).append(i % 6 == 5 ? "," + labels[i / 6] + "\n" : ",");
        }
        String rawId = api.post("/datasets?name=raw&target=label", "text/csv", raw.toString()).id();
        assertThat(storedEncodings(rawId)).first().isEqualTo("u8");
        float[] rawX = datasets.load(rawId).features();
        for (int i = 0; i < count * 6; i++) {
            assertThat(rawX[i]).as("raw pixel %d", i).isEqualTo((float) (images[16 + i] & 0xff));
        }

        String mixed = "a,b,y\n0.5,0.25,1\n" + (7 / 255f) + ",-0.0,0\n";
        String mixedId = api.post("/datasets?name=mixed&target=y", "text/csv", mixed).id();
        assertThat(storedEncodings(mixedId)).containsExactly("f32", "u8/255");
        float[] mixedX = datasets.load(mixedId).features();
        assertThat(Float.floatToRawIntBits(mixedX[3])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(mixedX).containsExactly(0.5f, 0.25f, 7 / 255f, -0f);
    }

    private java.util.List<String> storedEncodings(String datasetId) {
        return jdbc.sql("select encoding from dataset_chunks where dataset_id = ? order by kind, chunk_index")
                .param(datasetId).query(String.class).list();
    }

    @Test
    void shouldRecordTheScheduledLearningRateOfEveryEpochWithRmsPropAndL2() {
        String datasetId = api.post("/datasets?name=blobs&target=colour", "text/csv", blobsCsv(60, 6)).id();
        String modelId = api.postJson("/models", """
                {"name": "scheduled", "inputSize": 2, "layers": [{"units": 4, "activation": "leaky_relu", "alpha": 0.1},
                 {"units": 3, "activation": "softmax"}], "loss": "kl_divergence", "initializer": "lecun", "seed": 2}""").id();
        String jobId = api.postJson("/jobs", """
                {"modelId": "%s", "datasetId": "%s", "epochs": 7, "learningRate": 0.08, "batchSize": 7,
                 "optimizer": "rmsprop", "rho": 0.9, "epsilon": 1e-6, "l2": 0.001, "shuffle": false,
                 "schedule": {"type": "step", "factor": 0.5, "every": 3}}""".formatted(modelId, datasetId)).id();
        JsonNode job = api.awaitJob(jobId, TIMEOUT);
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("request").get("schedule").get("every").asInt()).isEqualTo(3);
        JsonNode epochs = api.get("/jobs/" + jobId + "/epochs").json();
        double[] expected = {0.08, 0.08, 0.08, 0.04, 0.04, 0.04, 0.02};
        for (int e = 0; e < expected.length; e++) {
            assertThat(epochs.get(e).get("learningRate").asDouble()).as("epoch %d", e + 1).isCloseTo(expected[e], within(1e-7));
        }
        assertThat(epochs.get(6).get("cost").asDouble()).isLessThan(epochs.get(0).get("cost").asDouble());
    }

    @Test
    void shouldRefuseOptionsThatDoNotBelongTogether() {
        ApiClient.Response refused = api.postJson("/jobs", """
                {"modelId": "m", "datasetId": "d", "epochs": 1, "learningRate": 0.1, "optimizer": "sgd", "beta1": 0.8,
                 "schedule": {"type": "step", "factor": 0.5}}""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("beta1").contains("applies to adam only").contains("schedule.every");
    }

    /** Three labelled blobs around (−3, 0), (0, 3) and (4, 4): blue, green, red. */
    private static String blobsCsv(int rows, long seed) {
        Random random = new Random(seed);
        String[] names = {"blue", "green", "red"};
        double[][] centres = {{-3, 0}, {0, 3}, {4, 4}};
        StringBuilder csv = new StringBuilder("x1,x2,colour\n");
        for (int r = 0; r < rows; r++) {
            int c = r % 3;
            csv.append(centres[c][0] + random.nextGaussian() * 0.7).append(',')
                    .append(centres[c][1] + random.nextGaussian() * 0.7).append(',').append(names[c]).append('\n');
        }
        return csv.toString();
    }

    private static float[] flatParameters(JsonNode parameters) {
        java.util.List<Float> values = new java.util.ArrayList<>();
        for (JsonNode layer : parameters.get("layers")) {
            layer.get("weights").forEach(row -> row.forEach(w -> values.add(w.floatValue())));
            layer.get("biases").forEach(b -> values.add(b.floatValue()));
        }
        float[] flat = new float[values.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i);
        }
        return flat;
    }

    private static byte[] idxImages(int count, int rows, int columns) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x803);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        for (int i = 0; i < count * rows * columns; i++) {
            out.writeByte(i * 37 % 256);
        }
        return bytes.toByteArray();
    }

    private static byte[] idxLabels(int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x801);
        out.writeInt(labels.length);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private JsonNode multipart(String name, byte[] images, byte[] labels) throws Exception {
        String boundary = "----backprop" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "images", images);
        part(body, boundary, "labels", labels);
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/datasets?name=" + name))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        return new ApiClient.Response(response.statusCode(), null, null, response.body()).json();
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, byte[] content) throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(content);
        body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
