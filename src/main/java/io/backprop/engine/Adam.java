package io.backprop.engine;

/**
 * Adam, PyTorch {@code Adam} (amsgrad off, no weight decay: L2 is already in the gradients):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), θ ← θ − lr·m̂/(√v̂ + ε),
 * with t counting steps from 1 and ε added after the square root. m is updated in PyTorch's lerp form,
 * m ← m + (1−β₁)(g − m), the same value.
 *
 * <p>State layout: {@code values} = m (parameterCount) then v (parameterCount); {@code step} = t.
 */
public final class Adam implements Optimizer {

    static final String NAME = "adam";

    private final float beta2;
    private final double beta1AsWritten; // for βᵗ, in double as PyTorch (see Optimizers.asWritten)
    private final double beta2AsWritten;
    private final float oneMinusBeta1; // 1 − β from the decimal, as PyTorch's (1 - beta) in Python
    private final float oneMinusBeta2;
    private final float epsilon;
    private final float[] m; // (parameterCount) first moment
    private final float[] v; // (parameterCount) second moment
    private long t;
    private double bias1; // 1 − β₁ᵗ of the step in progress
    private float correction2Sqrt; // √(1 − β₂ᵗ) of the step in progress

    /** @throws IllegalArgumentException naming beta1 or beta2 outside [0, 1), or epsilon not > 0 */
    public Adam(int parameterCount, float beta1, float beta2, float epsilon) {
        Optimizers.requireParameterCount(parameterCount);
        Optimizers.requireDecay("beta1", beta1);
        Optimizers.requireDecay("beta2", beta2);
        Optimizers.requireEpsilon(epsilon);
        this.beta2 = beta2;
        this.beta1AsWritten = Optimizers.asWritten(beta1);
        this.beta2AsWritten = Optimizers.asWritten(beta2);
        this.oneMinusBeta1 = (float) (1 - beta1AsWritten);
        this.oneMinusBeta2 = (float) (1 - beta2AsWritten);
        this.epsilon = epsilon;
        this.m = new float[parameterCount];
        this.v = new float[parameterCount];
    }

    @Override
    public void beginStep() {
        t++;
        // the bias corrections in double, once per step, as PyTorch computes them in Python floats
        bias1 = 1 - Math.pow(beta1AsWritten, t);
        correction2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2AsWritten, t));
    }

    @Override
    public void update(float[] params, float[] grads, float learningRate, int from, int to) {
        Optimizers.requireSize(m.length, params, grads);
        if (bias1 == 0) {
            throw new IllegalStateException("update() needs beginStep() first, after construction or restore()");
        }
        // √v̂ + ε is √v / √(1−β₂ᵗ) + ε, PyTorch's own arrangement of it
        float stepSize = (float) (learningRate / bias1);
        float correction2Sqrt = this.correction2Sqrt;
        // each line in the order of PyTorch's float operations (lerp_, mul_ + addcmul_, addcdiv_), so that
        // the roundings agree too
        // Moments that fall below the smallest normal float are flushed to zero. A weight whose gradient is
        // zero step after step (a dead ReLU unit, a pixel that is almost always 0) has its m decay by β₁
        // each step, down through the subnormals, and arithmetic on subnormals is ~100x slower on x86: in a
        // 3-epoch Fashion-MNIST job, epochs took 1.1-1.6x as long as the first. What is flushed is below
        // 1.2e-38, so no parameter moves by a representable amount more or less.
        float[] m = this.m, v = this.v; // the state and constants in locals
        float beta2 = this.beta2, oneMinusBeta1 = this.oneMinusBeta1, oneMinusBeta2 = this.oneMinusBeta2;
        float epsilon = this.epsilon;
        int i = Optimizers.VECTORISED ? VectorisedUpdates.adam(params, grads, m, v, from, to, stepSize, correction2Sqrt, beta2,
                oneMinusBeta1, oneMinusBeta2, epsilon) : from;
        for (; i < to; i++) {
            float g = grads[i];
            float mi = m[i] + oneMinusBeta1 * (g - m[i]);
            float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
            mi = Math.abs(mi) < Float.MIN_NORMAL ? 0f : mi;
            vi = Math.abs(vi) < Float.MIN_NORMAL ? 0f : vi;
            m[i] = mi;
            v[i] = vi;
            params[i] -= stepSize * mi / ((float) Math.sqrt(vi) / correction2Sqrt + epsilon);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OptimizerState state() {
        float[] values = new float[2 * m.length];
        System.arraycopy(m, 0, values, 0, m.length);
        System.arraycopy(v, 0, values, m.length, v.length);
        return new OptimizerState(NAME, t, values);
    }

    @Override
    public void restore(OptimizerState state) {
        state.requireShape(NAME, 2 * m.length);
        System.arraycopy(state.values(), 0, m, 0, m.length);
        System.arraycopy(state.values(), m.length, v, 0, v.length);
        t = state.step();
        bias1 = 0; // the next beginStep() computes the corrections of step t + 1
    }
}
