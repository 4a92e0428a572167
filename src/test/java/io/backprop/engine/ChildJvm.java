package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM of a test's own, for what is decided once per JVM (a module left out, a system property). */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Runs {@code main} with this test run's classpath and the given JVM options (none of the build's own: the
     * environment's JDK_JAVA_OPTIONS and JAVA_TOOL_OPTIONS are dropped), asserts that it ended with status 0
     * within a minute, and returns what it printed, stdout and stderr together.
     */
    static String run(List<String> jvmOptions, Class<?> main) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("the child JVM ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
