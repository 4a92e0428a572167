package io.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KindNamesTest {

    @ParameterizedTest
    @EnumSource(ActivationKind.class)
    void shouldFindEveryActivationByItsApiName(ActivationKind kind) {
        assertThat(ActivationKind.fromName(kind.apiName())).contains(kind);
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void shouldFindEveryLossByItsApiName(LossKind kind) {
        assertThat(LossKind.fromName(kind.apiName())).contains(kind);
    }

    @ParameterizedTest
    @EnumSource(InitializerKind.class)
    void shouldFindEveryInitializerByItsApiName(InitializerKind kind) {
        assertThat(InitializerKind.fromName(kind.apiName())).contains(kind);
    }

    @Test
    void shouldSpellApiNamesInLowerCaseWithUnderscores() {
        assertThat(ActivationKind.LEAKY_RELU.apiName()).isEqualTo("leaky_relu");
        assertThat(LossKind.BINARY_CROSS_ENTROPY.apiName()).isEqualTo("binary_cross_entropy");
        assertThat(InitializerKind.SMALL_RANDOM.apiName()).isEqualTo("small_random");
    }

    @Test
    void shouldAcceptNoneAsAliasOfLinear() {
        assertThat(ActivationKind.fromName("none")).contains(ActivationKind.LINEAR);
    }

    @Test
    void shouldRefuseOtherSpellingsAndNull() {
        assertThat(ActivationKind.fromName("ReLU")).isEmpty();
        assertThat(ActivationKind.fromName("relux")).isEmpty();
        assertThat(ActivationKind.fromName("LINEAR")).isEmpty();
        assertThat(ActivationKind.fromName(null)).isEmpty();
        assertThat(LossKind.fromName("MSE")).isEmpty();
        assertThat(LossKind.fromName("crossentropy")).isEmpty();
        assertThat(InitializerKind.fromName("glorot")).isEmpty();
    }

    @Test
    void shouldListExpectedNamesForErrorMessages() {
        assertThat(ActivationKind.expectedNames()).isEqualTo("linear, sigmoid, tanh, relu, leaky_relu, softmax");
        assertThat(LossKind.expectedNames()).isEqualTo("mse, cross_entropy, binary_cross_entropy, kl_divergence");
        assertThat(InitializerKind.expectedNames()).isEqualTo("xavier, he, lecun, small_random, zeros");
    }
}
