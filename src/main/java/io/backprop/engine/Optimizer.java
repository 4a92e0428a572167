package io.backprop.engine;

/**
 * Updates the parameters from their gradients, one pass over the flat buffers (same layout, see
 * {@link Network}). Gradients point uphill (see {@link Loss}) and already contain any L2 term; an
 * optimizer steps against them. Optimizers with state (momentum, Adam moments) keep their own arrays,
 * sized to the parameters at construction, so an instance belongs to one network. {@code step} allocates
 * nothing.
 */
public interface Optimizer {

    void step(float[] params, float[] grads, float learningRate);

    /** "sgd", "adam" or "rmsprop", as in {@link OptimizerOptions#name()}. */
    String name();

    /** A copy of the state, for a warm start or a checkpoint; the layout is documented by each optimizer. */
    OptimizerState state();

    /**
     * Continues from a state taken by {@link #state()} of an optimizer of the same kind and size.
     *
     * @throws IllegalArgumentException if the name or the size of the values differ
     */
    void restore(OptimizerState state);
}
