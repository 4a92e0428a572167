package io.backprop.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running Backprop over real HTTP, as curl or another service would. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static ApiClient onPort(int port) {
        return new ApiClient("http://localhost:" + port);
    }

    public record Response(int status, String contentType, String location, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String id() {
            return json().get("id").asString();
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    /** Polls a job until it has ended, and returns its last state. */
    public JsonNode awaitJob(String jobId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode job = get("/jobs/" + jobId).json();
            String status = job.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + jobId + " still " + status + " after " + timeout);
            }
            sleep(20);
        }
    }

    /** Polls a running job until it has recorded at least {@code epochs} epochs. */
    public void awaitEpochs(String jobId, int epochs, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (get("/jobs/" + jobId).json().get("epochsCompleted").asInt() < epochs) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + jobId + " had not recorded " + epochs + " epochs after " + timeout);
            }
            sleep(10);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Location").orElse(null), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
