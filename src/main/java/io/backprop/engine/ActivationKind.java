package io.backprop.engine;

import java.util.Optional;

/** Activation functions by their HTTP API names. */
public enum ActivationKind {
    LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SOFTMAX;

    public String apiName() {
        return ApiNames.of(this);
    }

    /** Exact lower-case API name; "none" is an accepted alias of linear. */
    public static Optional<ActivationKind> fromName(String name) {
        return "none".equals(name) ? Optional.of(LINEAR) : ApiNames.find(ActivationKind.class, name);
    }

    /** "linear, sigmoid, tanh, relu, leaky_relu, softmax", for error messages. */
    public static String expectedNames() {
        return ApiNames.expected(ActivationKind.class);
    }
}
