package io.backprop.engine;

/**
 * Updates the parameters from their gradients, one pass over the flat buffers (same layout, see
 * {@link Network}). Gradients point uphill (see {@link Loss}) and already contain any L2 term; an
 * optimizer steps against them. Optimizers with state (momentum, Adam moments) keep their own arrays,
 * sized to the parameters at construction, so an instance belongs to one network. {@code step} and
 * {@code update} allocate nothing.
 */
public interface Optimizer {

    /** One whole step: {@link #beginStep()}, then {@link #update} over every parameter. */
    default void step(float[] params, float[] grads, float learningRate) {
        beginStep();
        update(params, grads, learningRate, 0, params.length);
    }

    /** Advances what is counted per step (Adam's t); called once per mini-batch, before its updates. */
    default void beginStep() {
    }

    /**
     * Updates params[from, to) from grads[from, to) and the state of those parameters. A step's ranges may
     * be updated in any order and on several threads at once, as long as they do not overlap: each
     * parameter's update reads only its own gradient and state.
     */
    void update(float[] params, float[] grads, float learningRate, int from, int to);

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
