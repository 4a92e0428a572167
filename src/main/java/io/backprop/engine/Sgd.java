package io.backprop.engine;

/**
 * Stochastic gradient descent, PyTorch {@code SGD} with dampening 0:
 * v ← μv + g, θ ← θ − lr·v; with Nesterov, θ ← θ − lr·(g + μv) after the same v update.
 * v starts at 0, so the first step's v is g, as PyTorch's first step sets it. Without momentum (μ = 0)
 * this is plain θ ← θ − lr·g and keeps no state.
 *
 * <p>State layout: {@code values} = v (parameterCount), or empty without momentum; {@code step} 0.
 */
public final class Sgd implements Optimizer {

    static final String NAME = "sgd";

    private final float momentum;
    private final boolean nesterov;
    private final float[] velocity; // (parameterCount), or empty without momentum

    /** Plain SGD without momentum: stateless, usable with any network. */
    public Sgd() {
        this(0, 0f, false);
    }

    /**
     * @throws IllegalArgumentException if momentum is not in [0, 1), or nesterov is asked without momentum
     *                                  (PyTorch refuses it too: it would be plain SGD under another name)
     */
    public Sgd(int parameterCount, float momentum, boolean nesterov) {
        Optimizers.requireParameterCount(parameterCount);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs a momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.velocity = new float[momentum == 0 ? 0 : parameterCount];
    }

    @Override
    public void update(float[] params, float[] grads, float learningRate, int from, int to) {
        if (momentum == 0) {
            for (int i = from; i < to; i++) {
                params[i] -= learningRate * grads[i];
            }
            return;
        }
        Optimizers.requireSize(velocity.length, params, grads);
        // A velocity below the smallest normal float is stored as 0, as Adam's moments are (see Adam.update):
        // a weight whose gradient stays zero has its velocity decay by μ per step through the subnormals,
        // on which x86 is ~100x slower; a JMH step at batch 32 whose network had collapsed ran 2.5x slower.
        // Whole vectors go through the Vector API (C2 does not vectorise the conditional), the rest here.
        float[] velocity = this.velocity;
        float momentum = this.momentum;
        int i = Optimizers.VECTORISED
                ? VectorisedUpdates.momentum(params, grads, velocity, from, to, learningRate, momentum, nesterov) : from;
        for (; i < to; i++) {
            float g = grads[i];
            float v = momentum * velocity[i] + g;
            v = Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
            velocity[i] = v;
            params[i] -= nesterov ? learningRate * (g + momentum * v) : learningRate * v;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(NAME, 0, velocity.clone());
    }

    @Override
    public void restore(OptimizerState state) {
        state.requireShape(NAME, velocity.length);
        System.arraycopy(state.values(), 0, velocity, 0, velocity.length);
    }
}
