package io.backprop.e2e;

import org.springframework.boot.test.context.SpringBootTest;

import io.backprop.support.PostgresTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "backprop.limits.max-dataset-values=10000")
@PostgresTest
class PostgresTrainingFlowTest extends TrainingFlowContract {
}
