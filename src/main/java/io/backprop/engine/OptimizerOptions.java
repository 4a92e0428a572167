package io.backprop.engine;

import java.util.Objects;

/**
 * Which optimizer to build and its hyperparameters; each optimizer reads only its own and checks them
 * (see {@link Optimizers#create}).
 *
 * @param name     "sgd", "adam" or "rmsprop"
 * @param momentum sgd's μ; 0 is plain SGD
 * @param nesterov sgd's Nesterov variant, which needs a momentum
 * @param beta1    adam's decay of the first moment
 * @param beta2    adam's decay of the second moment
 * @param epsilon  adam's and rmsprop's ε, added after the square root
 * @param rho      rmsprop's decay of the mean square (PyTorch's {@code alpha})
 */
public record OptimizerOptions(String name, float momentum, boolean nesterov, float beta1, float beta2, float epsilon,
                               float rho) {

    public OptimizerOptions {
        Objects.requireNonNull(name, "name");
    }

    /** Plain SGD, without momentum. */
    public static OptimizerOptions sgd() {
        return defaults(Sgd.NAME);
    }

    /**
     * PyTorch's defaults: sgd momentum 0; adam β₁ 0.9, β₂ 0.999, ε 1e-8; rmsprop ρ 0.99, ε 1e-8. The fields
     * another optimizer would read hold the same defaults, so one record serves any name.
     *
     * @throws IllegalArgumentException for a name other than sgd, adam, rmsprop
     */
    public static OptimizerOptions defaults(String name) {
        Optimizers.requireKnown(name);
        return new OptimizerOptions(name, 0f, false, 0.9f, 0.999f, 1e-8f, 0.99f);
    }
}
