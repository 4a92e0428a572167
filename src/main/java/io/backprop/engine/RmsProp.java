package io.backprop.engine;

/**
 * RMSprop, PyTorch {@code RMSprop} (alpha = ρ, centered off, momentum 0):
 * s ← ρs + (1−ρ)g², θ ← θ − lr·g/(√s + ε).
 *
 * <p>State layout: {@code values} = s (parameterCount); {@code step} 0.
 */
public final class RmsProp implements Optimizer {

    static final String NAME = "rmsprop";

    private final float rho;
    private final float oneMinusRho; // from the decimal, as PyTorch's (1 - alpha) (see Optimizers.asWritten)
    private final float epsilon;
    private final float[] s; // (parameterCount) running mean of g²

    /** @throws IllegalArgumentException naming rho outside [0, 1) or epsilon not > 0 */
    public RmsProp(int parameterCount, float rho, float epsilon) {
        Optimizers.requireParameterCount(parameterCount);
        Optimizers.requireDecay("rho", rho);
        Optimizers.requireEpsilon(epsilon);
        this.rho = rho;
        this.oneMinusRho = (float) (1 - Optimizers.asWritten(rho));
        this.epsilon = epsilon;
        this.s = new float[parameterCount];
    }

    @Override
    public void update(float[] params, float[] grads, float learningRate, int from, int to) {
        Optimizers.requireSize(s.length, params, grads);
        float[] s = this.s; // the state and constants in locals: a loop C2 vectorises
        float rho = this.rho, oneMinusRho = this.oneMinusRho, epsilon = this.epsilon;
        for (int i = from; i < to; i++) {
            float g = grads[i];
            float si = rho * s[i] + oneMinusRho * g * g; // PyTorch's mul_ + addcmul_, same rounding order
            s[i] = si;
            params[i] -= learningRate * g / ((float) Math.sqrt(si) + epsilon);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(NAME, 0, s.clone());
    }

    @Override
    public void restore(OptimizerState state) {
        state.requireShape(NAME, s.length);
        System.arraycopy(state.values(), 0, s, 0, s.length);
    }
}
