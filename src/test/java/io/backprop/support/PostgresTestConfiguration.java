package io.backprop.support;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Points a Spring Boot test at PostgreSQL: a {@code @ServiceConnection} container when Docker is
 * there, else connection details from {@code TEST_DATABASE_URL}. Use through {@link PostgresTest}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfiguration {

    @Bean
    @ServiceConnection
    @Conditional(DockerAvailable.class)
    PostgreSQLContainer postgres() {
        return TestPostgres.container();
    }

    @Bean
    @Conditional(DockerMissing.class)
    JdbcConnectionDetails testDatabase() {
        TestPostgres.Connection connection = TestPostgres.environment()
                .orElseThrow(() -> new IllegalStateException("no Docker and no TEST_DATABASE_URL: @PostgresTest should have skipped"));
        return new JdbcConnectionDetails() {
            @Override
            public String getJdbcUrl() {
                return connection.url();
            }

            @Override
            public String getUsername() {
                return connection.username();
            }

            @Override
            public String getPassword() {
                return connection.password();
            }
        };
    }

    static final class DockerAvailable implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return TestPostgres.dockerAvailable();
        }
    }

    static final class DockerMissing implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !TestPostgres.dockerAvailable();
        }
    }
}
