package io.backprop.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.backprop.support.ApiClient;
import io.backprop.support.TestPostgres;

/**
 * The packaged service in a child JVM of its own, as production runs it, so that a test can kill it
 * with SIGKILL or stop it with SIGTERM. Its output goes to target/service-logs/.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on the test PostgreSQL with short lease and poll times, and waits until it is ready. */
    static ServiceProcess start(String name) throws IOException {
        String jar = System.getProperty("backprop.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("system property backprop.jar must name the packaged jar (run with ./mvnw verify)");
        }
        TestPostgres.Connection db = TestPostgres.connection().orElseThrow();
        int port = freePort();
        Path logs = Files.createDirectories(Path.of("target", "service-logs"));
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-jar", jar,
                "--server.port=" + port,
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--backprop.training.poll-interval=200ms",
                "--backprop.training.heartbeat-interval=500ms",
                "--backprop.training.lease-timeout=2s"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServiceProcess service = new ServiceProcess(process, port, log);
        service.awaitReady(Duration.ofSeconds(90));
        return service;
    }

    ApiClient api() {
        return ApiClient.onPort(port);
    }

    /** SIGKILL: the process dies at once, mid-epoch, with no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: a graceful shutdown; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the service did not stop within 60 s of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (api().get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYetListening) {
                // connection refused while it starts
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the service was not ready within " + timeout + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
