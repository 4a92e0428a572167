package io.backprop.engine;

/** Builds the optimizer an {@link OptimizerOptions} names, and the argument checks the optimizers share. */
public final class Optimizers {

    /**
     * Whether the optimizers update whole vectors through {@link VectorisedUpdates}, and the ReLU family's
     * derivatives go through {@link VectorisedActivations}: when the fast kernel, and so the module they all
     * need, is in use. Kept here, in a class that never mentions the Vector API, so that a JVM without the
     * module never loads either class.
     */
    static final boolean VECTORISED = Matrices.kernelName().equals("fast");

    private Optimizers() {
    }

    /**
     * @param parameterCount the size of the network's parameter buffer, which sizes the state arrays
     * @throws IllegalArgumentException for an unknown name or a hyperparameter out of range, naming it
     */
    public static Optimizer create(OptimizerOptions options, int parameterCount) {
        return switch (requireKnown(options.name())) {
            case Sgd.NAME -> new Sgd(parameterCount, options.momentum(), options.nesterov());
            case Adam.NAME -> new Adam(parameterCount, options.beta1(), options.beta2(), options.epsilon());
            case RmsProp.NAME -> new RmsProp(parameterCount, options.rho(), options.epsilon());
            default -> throw new AssertionError(options.name());
        };
    }

    static String requireKnown(String name) {
        if (!(Sgd.NAME.equals(name) || Adam.NAME.equals(name) || RmsProp.NAME.equals(name))) {
            throw new IllegalArgumentException("optimizer must be one of sgd, adam, rmsprop, got '" + name + "'");
        }
        return name;
    }

    static void requireParameterCount(int parameterCount) {
        if (parameterCount < 0) {
            throw new IllegalArgumentException("parameterCount must be 0 or more, got " + parameterCount);
        }
    }

    /** A decay rate (β₁, β₂, ρ): 1 would freeze the average at its start of 0. */
    static void requireDecay(String name, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    /** ε > 0: with 0, a gradient that is exactly 0 from the start (a dead unit) divides 0 by 0. */
    static void requireEpsilon(float epsilon) {
        if (!(Float.isFinite(epsilon) && epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be a finite number > 0, got " + epsilon);
        }
    }

    /**
     * The decimal a float hyperparameter was written as (0.999f → 0.999), for the terms PyTorch computes in
     * double from the decimal, 1 − β and βᵗ: from the float itself, 1 − 0.999f is 1.3e-5 (relative) away
     * from 0.001, a difference that would show in every Adam step.
     */
    static double asWritten(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /** One comparison per step: state sized for another network would silently update the wrong weights. */
    static void requireSize(int stateSize, float[] params, float[] grads) {
        if (params.length != stateSize || grads.length != stateSize) {
            throw new IllegalArgumentException("this optimizer was built for " + stateSize + " parameters, got "
                    + params.length + " parameters and " + grads.length + " gradients");
        }
    }
}
