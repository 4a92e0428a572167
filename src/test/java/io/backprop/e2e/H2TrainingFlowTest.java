package io.backprop.e2e;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:flow;DB_CLOSE_DELAY=-1", "backprop.limits.max-dataset-values=10000"})
class H2TrainingFlowTest extends TrainingFlowContract {
}
