package io.backprop.e2e;

import org.springframework.boot.test.context.SpringBootTest;

import io.backprop.support.PostgresTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class PostgresTrainingFlowTest extends TrainingFlowContract {
}
