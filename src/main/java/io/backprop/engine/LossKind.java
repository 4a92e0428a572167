package io.backprop.engine;

import java.util.Optional;

/** Loss functions by their HTTP API names; the formulas are in {@link Loss}. */
public enum LossKind {
    MSE, CROSS_ENTROPY, BINARY_CROSS_ENTROPY, KL_DIVERGENCE;

    public String apiName() {
        return ApiNames.of(this);
    }

    /** Exact lower-case API name. */
    public static Optional<LossKind> fromName(String name) {
        return ApiNames.find(LossKind.class, name);
    }

    /** "mse, cross_entropy, binary_cross_entropy, kl_divergence", for error messages. */
    public static String expectedNames() {
        return ApiNames.expected(LossKind.class);
    }
}
