package io.backprop.engine;

/** Plain stochastic gradient descent, PyTorch {@code SGD} without momentum: θ ← θ − lr·g. Stateless. */
public final class Sgd implements Optimizer {

    @Override
    public void step(float[] params, float[] grads, float learningRate) {
        for (int i = 0; i < params.length; i++) {
            params[i] -= learningRate * grads[i];
        }
    }
}
