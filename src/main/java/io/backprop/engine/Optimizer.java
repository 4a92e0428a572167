package io.backprop.engine;

/**
 * Updates the parameters from their gradients, one pass over the flat buffers (same layout, see
 * {@link Network}). Gradients point uphill (see {@link Loss}); an optimizer steps against them.
 * Optimizers with state (momentum, Adam moments) keep their own arrays, sized to the parameters at
 * construction, so an instance belongs to one network.
 */
public interface Optimizer {

    void step(float[] params, float[] grads, float learningRate);
}
