package io.backprop.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.annotation.Import;

/**
 * A test that runs on PostgreSQL (see {@link TestPostgres}); skipped, and reported as skipped, when
 * neither Docker nor {@code TEST_DATABASE_URL} is there. {@code .ci/run} fails a run in which it was.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("postgres")
@ExtendWith(PostgresTest.WhenAvailable.class)
@Import(PostgresTestConfiguration.class)
public @interface PostgresTest {

    final class WhenAvailable implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (TestPostgres.dockerAvailable()) {
                return ConditionEvaluationResult.enabled("PostgreSQL from a Testcontainers container");
            }
            return TestPostgres.environment().isPresent()
                    ? ConditionEvaluationResult.enabled("PostgreSQL from TEST_DATABASE_URL")
                    : ConditionEvaluationResult.disabled("no PostgreSQL: neither a Docker engine nor TEST_DATABASE_URL");
        }
    }
}
