package io.backprop.e2e;

import java.util.List;

import io.backprop.support.PostgresTest;
import io.backprop.support.TestPostgres;

@PostgresTest
class PostgresRestartTest extends RestartContract {

    @Override
    List<String> databaseArguments() {
        TestPostgres.Connection db = TestPostgres.connection().orElseThrow();
        return List.of("--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password());
    }
}
