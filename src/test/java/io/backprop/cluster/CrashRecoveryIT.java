package io.backprop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.backprop.support.ApiClient;
import io.backprop.support.PostgresTest;
import io.backprop.support.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * Nothing is lost in a crash: a job whose service process is killed with SIGKILL mid-epoch, or
 * stopped with SIGTERM, is resumed by the next process from its last checkpoint, same job id, and
 * its cost curve equals an uninterrupted run's. Runs the packaged jar in child JVMs on PostgreSQL.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryIT {

    private static final int EPOCHS = 6;
    private static final String MODEL = """
            {"name": "crash", "inputSize": 32,
             "layers": [{"units": 128, "activation": "relu"}, {"units": 128, "activation": "relu"},
                        {"units": 4, "activation": "softmax"}],
             "loss": "cross_entropy", "seed": 11}""";
    private static final String JOB = """
            {"modelId": "%s", "datasetId": "%s", "epochs": %d, "learningRate": 0.01, "batchSize": 16,
             "optimizer": "adam", "validationSplit": 0.1, "seed": 5}""";

    private String datasetId;
    private JsonNode reference;

    @BeforeAll
    void trainTheReferenceUninterrupted() throws Exception {
        try (ServiceProcess service = ServiceProcess.start("reference")) {
            ApiClient api = service.api();
            datasetId = api.postJson("/datasets", dataset(8000, 32, 4)).id();
            String modelId = api.postJson("/models", MODEL).id();
            String jobId = api.postJson("/jobs", JOB.formatted(modelId, datasetId, EPOCHS)).id();
            assertThat(api.awaitJob(jobId, Duration.ofMinutes(3)).get("status").asString()).isEqualTo("SUCCEEDED");
            reference = api.get("/jobs/" + jobId + "/epochs").json();
            assertThat(reference.size()).isEqualTo(EPOCHS);
        }
    }

    @Test
    void shouldResumeAJobKilledMidEpochFromItsCheckpoint() throws Exception {
        String jobId;
        try (ServiceProcess first = ServiceProcess.start("killed")) {
            ApiClient api = first.api();
            String modelId = api.postJson("/models", MODEL).id();
            jobId = api.postJson("/jobs", JOB.formatted(modelId, datasetId, EPOCHS)).id();
            api.awaitEpochs(jobId, 2, Duration.ofMinutes(2));
            first.kill();
        }
        assertThat(status(jobId)).isEqualTo("RUNNING");

        try (ServiceProcess second = ServiceProcess.start("after-kill")) {
            JsonNode job = second.api().awaitJob(jobId, Duration.ofMinutes(3));
            assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
            assertSameCurve(second.api().get("/jobs/" + jobId + "/epochs").json());
            assertThat(second.output()).contains("job " + jobId + ": taken over");
        }
    }

    @Test
    void shouldCheckpointAndHandOverARunningJobOnSigterm() throws Exception {
        String jobId;
        try (ServiceProcess first = ServiceProcess.start("terminated")) {
            ApiClient api = first.api();
            String modelId = api.postJson("/models", MODEL).id();
            jobId = api.postJson("/jobs", JOB.formatted(modelId, datasetId, EPOCHS)).id();
            api.awaitEpochs(jobId, 2, Duration.ofMinutes(2));
            first.terminate();
            assertThat(first.output()).contains("job " + jobId + ": released at shutdown");
        }
        // Claimable at once: still RUNNING, no lease, and a checkpoint of at least the epochs seen.
        try (Connection db = connect();
             PreparedStatement query = db.prepareStatement("""
                     select j.status, j.claimed_by, c.epochs_completed from jobs j
                     join job_checkpoints c on c.job_id = j.id where j.id = ?""")) {
            query.setString(1, jobId);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("a checkpoint of job %s", jobId).isTrue();
                assertThat(row.getString(1)).isEqualTo("RUNNING");
                assertThat(row.getString(2)).isNull();
                assertThat(row.getInt(3)).isGreaterThanOrEqualTo(2);
            }
        }

        try (ServiceProcess second = ServiceProcess.start("after-sigterm")) {
            JsonNode job = second.api().awaitJob(jobId, Duration.ofMinutes(3));
            assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
            assertSameCurve(second.api().get("/jobs/" + jobId + "/epochs").json());
        }
    }

    /** Epochs 1..N, each once, each with the uninterrupted run's figures. */
    private void assertSameCurve(JsonNode epochs) {
        assertThat(epochs.size()).isEqualTo(EPOCHS);
        for (int e = 0; e < EPOCHS; e++) {
            JsonNode expected = reference.get(e);
            JsonNode actual = epochs.get(e);
            assertThat(actual.get("epoch").asInt()).isEqualTo(e + 1);
            assertThat(actual.get("cost").asDouble()).as("cost of epoch %d", e + 1)
                    .isCloseTo(expected.get("cost").asDouble(), within(1e-6));
            assertThat(actual.get("validationCost").asDouble()).as("validation cost of epoch %d", e + 1)
                    .isCloseTo(expected.get("validationCost").asDouble(), within(1e-6));
        }
    }


    private static String status(String jobId) throws Exception {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("select status from jobs where id = ?")) {
            query.setString(1, jobId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static Connection connect() throws Exception {
        TestPostgres.Connection db = TestPostgres.connection().orElseThrow();
        return DriverManager.getConnection(db.url(), db.username(), db.password());
    }

    /** Four Gaussian blobs in {@code features} dimensions, labelled 0..classes-1. */
    private static String dataset(int rows, int features, int classes) {
        Random random = new Random(3);
        StringBuilder x = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            int label = r % classes;
            x.append(r == 0 ? "[" : ",[");
            for (int f = 0; f < features; f++) {
                x.append(f == 0 ? "" : ",").append((float) (random.nextGaussian() + (f % classes == label ? 1.5 : 0)));
            }
            x.append(']');
            labels.append(r == 0 ? "" : ",").append(label);
        }
        return "{\"name\": \"blobs\", \"features\": [" + x + "], \"labels\": [" + labels + "]}";
    }
}
