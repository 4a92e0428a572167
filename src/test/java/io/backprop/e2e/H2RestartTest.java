package io.backprop.e2e;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;

class H2RestartTest extends RestartContract {

    @TempDir
    Path data;

    @Override
    List<String> databaseArguments() {
        return List.of("--spring.datasource.url=jdbc:h2:file:" + data.resolve("backprop").toAbsolutePath());
    }
}
