package io.backprop.support;

import java.util.Optional;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL the tests run on: a Testcontainers PostgreSQL 16 when a Docker engine is there;
 * otherwise the database named by {@code TEST_DATABASE_URL} (with {@code TEST_DATABASE_USERNAME} and
 * {@code TEST_DATABASE_PASSWORD}), as {@code .ci/run} sets up on a machine without Docker; otherwise
 * none, and the PostgreSQL tests are skipped (which CI refuses).
 */
public final class TestPostgres {

    /** Where to connect. */
    public record Connection(String url, String username, String password) {
    }

    private static volatile PostgreSQLContainer container;

    private TestPostgres() {
    }

    /** Asked once per test JVM: looking for a Docker engine that is not there takes seconds. */
    public static boolean dockerAvailable() {
        return DockerCheck.AVAILABLE;
    }

    private static final class DockerCheck {
        static final boolean AVAILABLE = check();

        private static boolean check() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }

    public static Optional<Connection> connection() {
        if (dockerAvailable()) {
            PostgreSQLContainer postgres = container();
            return Optional.of(new Connection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()));
        }
        return environment();
    }

    static Optional<Connection> environment() {
        String url = System.getenv("TEST_DATABASE_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Connection(url, envOr("TEST_DATABASE_USERNAME", "postgres"), envOr("TEST_DATABASE_PASSWORD", "")));
    }

    /** One container for the whole test run, started on first use (Testcontainers' Ryuk removes it after). */
    public static synchronized PostgreSQLContainer container() {
        if (container == null) {
            PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
            postgres.start();
            container = postgres;
        }
        return container;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
