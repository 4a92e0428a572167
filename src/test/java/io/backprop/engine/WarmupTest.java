package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up runs in a background thread of the service, where a failure would only be logged:
 * here each of its phases (momentum SGD, plain SGD, Adam at batch 32, the small steps and the marks that get the
 * step's own methods compiled, single-row predictions) runs in the test's thread, on the few steps it gives each
 * phase.
 */
class WarmupTest {

    @Test
    void shouldRunEveryPhaseOfTheWarmUp() {
        assertThatCode(() -> Warmup.run(12)).doesNotThrowAnyException();
    }
}
